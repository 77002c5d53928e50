"""How cxplan writes YAML: one ruamel.yaml configuration and the house style for new values."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import PlainScalarString, SingleQuotedScalarString

# YAML 1.1 readers (and libyaml) take these as line breaks inside a plain or single-quoted
# scalar; only an escape in double quotes keeps them as written.
_BREAKS = ("\x85", "\u2028", "\u2029")
FLOW_LIMIT = 60  # a list of short words stays on one line up to this many characters


# ruamel (YAML 1.2) writes `:>` or `?0` plain, which libyaml (YAML 1.1) refuses or reads as
# a mapping where it stands in a flow list (`[:>]`); quoted, every reader reads the text.
_INDICATOR_FIRST = (":", "?")


class _Representer(RoundTripRepresenter):
    def represent_str(self, data: str) -> Any:
        if any(b in data for b in _BREAKS):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        if data.startswith(_INDICATOR_FIRST):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)

    def represent_quoted(self, data: Any) -> Any:
        # A value that kept its old quoting ('...' or plain) still needs double quotes
        # when it now holds a line-break character.
        if any(b in data for b in _BREAKS):
            return self.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')
        if isinstance(data, SingleQuotedScalarString) or data.startswith(_INDICATOR_FIRST):
            return self.represent_single_quoted_scalarstring(data)
        return self.represent_plain_scalarstring(data)

    def represent_scalar_float(self, data: Any) -> Any:
        # ruamel re-writes a float it read in the layout it read it in, and for some
        # (8.19929917755493e-298) that layout loses the last digit; then Python's own
        # shortest exact form is written instead.
        node = super().represent_scalar_float(data)
        try:
            exact = float(node.value) == float(data)
        except ValueError:  # .inf, .nan
            return node
        return node if exact else self.represent_float(float(data))


_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(ScalarFloat, _Representer.represent_scalar_float)
_Representer.add_representer(SingleQuotedScalarString, _Representer.represent_quoted)
_Representer.add_representer(PlainScalarString, _Representer.represent_quoted)


def make_yaml() -> YAML:
    """A round-trip YAML instance in cxplan's style (2-space maps, lists indented under keys)."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long sentence across lines
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def dump(data: Any, yaml: YAML | None = None) -> str:
    """``data`` as YAML text."""
    out = io.StringIO()
    (yaml or make_yaml()).dump(data, out)
    return out.getvalue()


def styled(value: Any) -> Any:
    """Plain data as ruamel nodes in house style: short lists of words inline, others as blocks."""
    if isinstance(value, Mapping):
        cm = CommentedMap()
        for k, v in value.items():
            cm[k] = styled(v)
        return cm
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(styled(v) for v in value)
        if fits_inline(value):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return value


def fits_inline(items: Sequence[Any]) -> bool:
    """True when a list reads well on one line: a few short words."""
    return safe_inline(items) and sum(len(v) + 2 for v in items) <= FLOW_LIMIT


def safe_inline(items: Sequence[Any]) -> bool:
    """True when every item can be written as a plain word in a one-line list."""
    if not items:
        return True
    if not all(isinstance(v, str) for v in items):
        return False
    # A plain word in a flow list must not look like YAML syntax to any reader: libyaml
    # (YAML 1.1) reads `[?0]` as a mapping where ruamel (YAML 1.2) wrote a word.
    return not any(
        not v or v != v.strip() or v[0] in "-?" or any(c in v for c in ",[]{}#:\"'\n&*!|>%@`")
        for v in items
    )
