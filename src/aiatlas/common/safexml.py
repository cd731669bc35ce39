"""XML from outside read safely: every parse goes through defusedxml, which refuses
document type declarations, entity expansion (billion laughs) and external references
whatever the document's encoding (UTF-8, UTF-16 with or without a byte-order mark …),
because the checks run in the parser on decoded events, not on the raw bytes.

    from aiatlas.common.safexml import UnsafeXml, fromstring, iterparse
    root = fromstring(data)            # an xml.etree Element
    for event, element in iterparse(stream, events=("start",)):
        ...

openpyxl uses defusedxml by itself once it is installed (it is a dependency)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as _safe


class UnsafeXml(ValueError):
    """The XML is malformed or uses a construct refused for safety (DTD, entities)."""


_REFUSED = (
    defusedxml.DTDForbidden,
    defusedxml.EntitiesForbidden,
    defusedxml.ExternalReferenceForbidden,
)


def _explain(exc: Exception) -> UnsafeXml:
    if isinstance(exc, _REFUSED):
        return UnsafeXml(
            "the XML declares a document type or entities, which are refused for safety"
        )
    if isinstance(exc, ValueError | LookupError):  # expat: "multi-byte encodings …"
        return UnsafeXml(f"the XML uses an encoding that cannot be read ({exc})")
    return UnsafeXml(f"the XML is malformed ({exc})")


def fromstring(data: bytes | str) -> Element:
    """The parsed element tree; raises :class:`UnsafeXml` for a DTD, an entity or bad XML."""
    try:
        root: Element = _safe.fromstring(data, forbid_dtd=True)
        return root
    except (ParseError, ValueError, LookupError, *_REFUSED) as exc:
        raise _explain(exc) from None


def iterparse(source: IO[bytes], events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
    """Streaming parse of a file object, as ``xml.etree.ElementTree.iterparse``."""
    try:
        yield from _safe.iterparse(source, events=events, forbid_dtd=True)
    except (ParseError, ValueError, LookupError, *_REFUSED) as exc:
        raise _explain(exc) from None


def local_name(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]
