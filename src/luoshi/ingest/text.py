"""Users' files in: bytes to text, the same way for every command and the upload form.

Chinese files come in UTF-8 (often with a byte-order mark, as Excel and Notepad write it) or in GBK
(GB2312/GB18030, what Chinese Windows writes by default). :func:`decode_text` tells them apart, so a
sheet, a plan file or a report reads alike whichever it is; an encoding named by the user is used as is.

>>> decode_text("平城区".encode("gbk"), "a.txt")
'平城区'
>>> decode_text("\\ufeff平城区".encode("utf-8"), "a.txt")
'平城区'
"""

from __future__ import annotations

import codecs
from pathlib import Path

from luoshi.domain.errors import InvalidInput, Location, Problem

#: how many leading bytes are checked for NUL (a binary file)
SNIFF_BYTES = 65536
#: byte-order marks of UTF-16 (Excel's "Unicode text"); UTF-8's is dropped after decoding
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: how the messages name the CLI option that sets the encoding; the upload form names its field instead
ENCODING_OPTION = "--encoding {}"


def decode_text(data: bytes, name: str, encoding: str | None = None, *, option: str = ENCODING_OPTION) -> str:
    """The text of a file's bytes, without a byte-order mark.

    Without ``encoding`` the encoding is detected: UTF-16 if the bytes start with its byte-order mark,
    else UTF-8 (with or without a byte-order mark) if they are UTF-8, else GBK (read as GB18030, which
    contains it) if they read as Chinese text. ``encoding`` (``gbk``, ``utf-8``, ``big5``, ...) forces one.

    Raises InvalidInput naming ``name`` (and the line of the first bad byte) for an empty or binary file,
    an unknown encoding, bytes that are not in the encoding forced, and bytes that are neither UTF-8 nor
    GBK; the message says how to name the encoding (``option``: the CLI option or the form field, with
    ``{}`` where the encoding goes).
    """
    where = Location(name)
    if not data.strip():
        raise InvalidInput([Problem(where, "the file is empty")])
    codec = None
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InvalidInput([Problem(where, f"unknown encoding {encoding!r}")]) from None
    wide = codec.startswith(("utf-16", "utf-32")) if codec else data.startswith(UTF16_BOMS)
    if not wide and b"\x00" in data[:SNIFF_BYTES]:
        raise InvalidInput([Problem(where, "binary file (it holds NUL bytes), not text")])
    if codec:
        try:
            return data.decode("utf-8-sig" if codec == "utf-8" else codec).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            detected = detect_encoding(data)
            hint = (
                f"; it reads as {detected.upper()}: leave the encoding out or use {option.format(detected)}"
                if detected and codecs.lookup(detected).name != codec
                else ""
            )
            raise InvalidInput([_bad_byte(data, name, exc, f"not {encoding} text{hint}")]) from None
    if wide:
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise InvalidInput([_bad_byte(data, name, exc, "not UTF-16 text, though it starts like it")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if looks_gbk(data):
            return data.decode("gb18030")
        message = f"neither UTF-8 nor GBK text; if it is text, name its encoding with {option.format('ENCODING')}"
        raise InvalidInput([_bad_byte(data, name, exc, message)]) from None


def detect_encoding(data: bytes) -> str | None:
    """``utf-8`` or ``gbk``, as :func:`decode_text` would read ``data`` without being told; None if neither."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gbk" if looks_gbk(data) else None


def looks_gbk(data: bytes) -> bool:
    """GBK text decodes as GB18030 and is mostly Chinese: characters, and Chinese punctuation or ASCII."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    punctuation = sum(1 for ch in sample if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    other = sum(1 for ch in sample if ord(ch) > 127) - cjk - punctuation
    return cjk >= 2 and other <= cjk // 4


def read_text(path: Path, encoding: str | None = None, *, option: str = ENCODING_OPTION) -> str:
    """The text of the file at ``path`` (:func:`decode_text`); InvalidInput if it cannot be read."""
    return decode_text(read_bytes(path), str(path), encoding, option=option)


def read_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path``; InvalidInput naming it if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(Location(str(path)), f"cannot read the file: {exc.strerror}")]) from None


def _bad_byte(data: bytes, name: str, exc: UnicodeDecodeError, message: str) -> Problem:
    line = data[: exc.start].count(b"\n") + 1
    return Problem(Location(name, line=line), f"{message} (byte 0x{data[exc.start]:02x} at offset {exc.start})")
