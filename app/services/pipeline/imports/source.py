"""Reading an uploaded CSV as a stream: UTF-8, strict quoting, the header mapped through the
naming (preset and mapping), at most MAX_ROWS data rows; one dict per row, never the whole
file in memory."""

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from app.errors import AppError, invalid_field
from app.services.pipeline.imports.presets import Naming

MAX_ROWS = 100_000
SYNC_ROWS = 2_000  # more than this runs as a job


class _Text(io.TextIOWrapper):
    """UTF-8 text over the binary stream, refusing NUL characters."""

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        line = super().readline(size)
        if "\x00" in line:
            raise invalid_field("file", "The file must be text, without NUL characters.")
        return line

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def count_rows(stream: BinaryIO) -> int:
    """Data rows in the file (records, so a quoted cell over several lines counts once)."""
    stream.seek(0)
    text = _Text(stream, encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(text, strict=True)
        total = sum(1 for row in reader if any(cell.strip() for cell in row))
    except (UnicodeDecodeError, csv.Error, AppError):
        total = 0  # read_rows says what is wrong, with the line
    finally:
        text.detach()  # the upload stays open for the import itself
        stream.seek(0)
    return max(total - 1, 0)


def read_rows(stream: BinaryIO, naming: Naming, *, required: set[str],
              allowed: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row in our column names) for every data row, blanks left out; 422 for
    a bad file."""
    stream.seek(0)
    text = _Text(stream, encoding="utf-8-sig", newline="")
    try:
        yield from _rows(text, naming, required=required, allowed=allowed)
    finally:
        text.detach()  # the upload stays open: a job reads it again


def _rows(text: io.TextIOWrapper, naming: Naming, *, required: set[str],
          allowed: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(text, strict=True)
    try:
        raw = [name.strip() for name in (reader.fieldnames or [])]
    except UnicodeDecodeError:
        raise invalid_field("file", "The file must be UTF-8 encoded CSV.") from None
    except csv.Error as exc:
        raise invalid_field("file", f"Line 1: {exc}.") from None
    header = [naming.columns.get(name, name) for name in raw]
    missing, unknown = required - set(header), set(header) - allowed
    if missing or unknown:
        parts = ([f"missing column(s): {', '.join(sorted(missing))}"] if missing else []) + (
            [f"unknown column(s): {', '.join(sorted(unknown))}"] if unknown else [])
        raise invalid_field("file", "; ".join(parts).capitalize() + ".")
    reader.fieldnames = header
    count = 0
    try:
        while True:
            line = reader.line_num + 1  # where the record starts, even if it spans lines
            row = next(reader, None)
            if row is None:
                return
            if None in row:
                raise invalid_field("file", f"Line {line} has more cells than the header.")
            values = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
            if not values:
                continue
            count += 1
            if count > MAX_ROWS:
                raise invalid_field("file", f"At most {MAX_ROWS:,} rows per import.")
            yield line, values
    except UnicodeDecodeError:
        raise invalid_field("file", "The file must be UTF-8 encoded CSV.") from None
    except csv.Error as exc:
        raise invalid_field("file", f"Line {reader.line_num}: {exc}.") from None
