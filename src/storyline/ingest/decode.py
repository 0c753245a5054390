"""Bytes to text, refusing what is not text: binaries, undecodable bytes, control characters."""

from __future__ import annotations

import codecs
import re

from storyline.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF8_SHAPED = re.compile(
    rb"[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3}"
)
_HIGH = re.compile(rb"[\x80-\xff]")
MAX_CONTROL_SHARE = 0.01  # real text has next to none; binaries that slip through have many
MAX_NON_ASCII_SHARE = 0.3  # Western cp1252 text is mostly ASCII; mis-decoded binaries are not


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML prolog declares near the top, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Text of `data`: BOM, UTF-8, the declared charset, then clean cp1252 as a last resort.

    UTF-8 goes before the declared charset because pages often declare latin-1 and send UTF-8,
    while bytes in another charset are almost never valid UTF-8 by accident.
    """
    text = _by_bom(data)
    if text is None and b"\x00" in data:
        text = _wide_without_bom(data)
        if text is None:
            raise IngestError(source, "binary file (contains NUL bytes), not text")
    if text is None:
        text = (
            _utf8(data) or _by_charset(data, declared) or _utf8_damaged(data) or _cp1252(data)
        )
    if text is None:
        raise IngestError(source, "not valid UTF-8 text (and not clean cp1252 either)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise IngestError(source, "binary file (too many control characters), not text")
    return text


def _by_bom(data: bytes) -> str | None:
    """Decode by byte-order mark; a BOM that lies is treated as no BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _wide_without_bom(data: bytes) -> str | None:
    """UTF-32 or UTF-16 sent without a BOM, told by where the NUL bytes of mostly-ASCII text
    fall (in UTF-16LE every odd byte of "News" is NUL); None for anything else with NULs."""
    head = data[:4096]
    for encoding, width, text_column in (
        ("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0), ("utf-16-be", 2, 1),
    ):  # fmt: skip
        if len(data) % width:
            continue
        zero = [head[i::width].count(0) / max(len(head[i::width]), 1) for i in range(width)]
        if zero[text_column] < 0.1 and all(z > 0.9 for i, z in enumerate(zero) if i != text_column):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _by_charset(data: bytes, declared: str | None) -> str | None:
    """Decode with the charset the page or server declares (UTF-16/32 need a BOM to be believed)."""
    if not declared or declared.startswith(("utf-16", "utf-32")):
        return None
    try:
        return data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _utf8_damaged(data: bytes) -> str | None:
    """UTF-8 with a few bad sequences (an encoded lone surrogate, an overlong form), decoded
    with U+FFFD in their place, when every non-ASCII byte stands in a UTF-8-shaped sequence:
    cp1252 text is not shaped so ("é" is one byte between ASCII), and reading this as cp1252
    would put mojibake inside words ("Apí¯¿ril")."""
    if _HIGH.search(_UTF8_SHAPED.sub(b"", data)):
        return None
    return data.decode("utf-8", errors="replace")


def _cp1252(data: bytes) -> str | None:
    """cp1252 only when it decodes strictly and reads like mostly-ASCII Western text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = sum(1 for char in text if ord(char) > 127)
    if non_ascii > MAX_NON_ASCII_SHARE * max(len(text), 1):
        return None
    return text


def _control_share(text: str) -> float:
    """Share of control characters other than tab, newline, form feed and carriage return."""
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)
