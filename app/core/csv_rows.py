"""Reading uploaded CSV files: encoding, header and row limits, one dict per row."""

import csv
import io
from collections.abc import Iterator

from app.errors import invalid_field

MAX_ROWS = 2000  # keeps an all-or-nothing import to a few seconds


def read_rows(content: bytes, *, required: set[str],
              allowed: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every data row, blanks left out; 422 for a bad file."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid_field("file", "The file must be UTF-8 encoded CSV.") from None
    if "\x00" in text:
        raise invalid_field("file", "The file must be text, without NUL characters.")
    # strict: a quote left open is an error, not the rest of the file read as one cell
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = [name.strip() for name in (reader.fieldnames or [])]
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
            count += 1
            if count > MAX_ROWS:
                raise invalid_field("file", f"At most {MAX_ROWS} rows per import.")
            if None in row:
                raise invalid_field("file", f"Line {line} has more cells than the header.")
            values = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
            if values:
                yield line, values
    except csv.Error as exc:
        raise invalid_field("file", f"Line {reader.line_num}: {exc}.") from None
