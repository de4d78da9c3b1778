"""Text documents in: bytes to text, with a clear word for what is not UTF-8 text.

>>> decode_text("平城区".encode("gbk"), "a.txt", "gbk")
'平城区'
"""

from __future__ import annotations

import codecs

from luoshi.domain.errors import InvalidInput, Location, Problem

#: how many leading bytes are checked for NUL (a binary file)
SNIFF_BYTES = 65536


def decode_text(data: bytes, name: str, encoding: str | None = None, *, gbk_hint: str = "--encoding gbk") -> str:
    """The text of a file's bytes, unchanged, UTF-8 unless ``encoding`` says otherwise.

    Raises InvalidInput naming ``name`` for an empty or binary file, an unknown encoding, bytes that are
    not in the encoding, and a GBK (GB2312/GB18030) file read as UTF-8, which says how to read it
    (``gbk_hint``: the CLI option or the form field that does).
    """
    where = Location(name)
    if not data.strip():
        raise InvalidInput([Problem(where, "file is empty")])
    if b"\x00" in data[:SNIFF_BYTES] and not (encoding or "").lower().startswith("utf-16"):
        raise InvalidInput([Problem(where, "binary file (it holds NUL bytes), not text")])
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InvalidInput([Problem(where, f"unknown encoding {encoding!r}")]) from None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InvalidInput([Problem(where, f"not valid {encoding} at byte {exc.start}")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if looks_gbk(data):
            message = f"file is GBK-encoded (GB2312/GB18030), not UTF-8; read it with {gbk_hint}"
            raise InvalidInput([Problem(where, message)]) from None
        raise InvalidInput([Problem(where, f"not UTF-8 text (byte {exc.start}); binary file?")]) from None


def looks_gbk(data: bytes) -> bool:
    """GBK text decodes as GB18030 and is mostly Chinese characters and ASCII."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    other = sum(1 for ch in sample if ord(ch) > 127 and not ("\u4e00" <= ch <= "\u9fff"))
    return cjk >= 2 and other <= cjk // 4
