"""The workshop: a sequenced interview that talks only through the Asker seam."""
