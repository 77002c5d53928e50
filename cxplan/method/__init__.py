"""The method: the seven steps, the rules that judge a plan (each once), status and findings."""
