"""Loaders: plain files, a folder of datasets (the PMLB layout), scikit-learn's toy sets."""

from __future__ import annotations

import bz2
import csv
import glob
import gzip
import io
import lzma
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .._names import SKLEARN_DATASETS
from ..utils._checks import as_path
from ..utils._typing import ArrayLike, PathLike_
from ._collection import TaskCollection
from ._task import Task

__all__ = ["SKLEARN_DATASETS", "load_file", "load_folder", "load_sklearn_dataset"]

# Cells that mean "missing" in the files we read ("?" is ARFF's and OpenML's marker).
_NA_VALUES = ["", "?", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"]

# Feature types in PMLB's metadata.yaml that are categorical (integer-coded) columns.
_CATEGORICAL_TYPES = {"binary", "categorical", "nominal", "ordinal"}


# Field separators a ``.csv`` file may use instead of a comma (spreadsheets in locales
# with a decimal comma write semicolons).
_OTHER_SEPARATORS = (";", "\t", "|")


class _UnreadableError(ValueError):
    """A file's own reader says what is wrong with it: passed on as it is."""


# compressed files read as the file inside them (the suffix before, e.g. ``.csv.bz2``)
_COMPRESSIONS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, ".zip": None}


def _compression(suffixes: list[str]) -> str | None:
    """The compression suffix of a file (its last), or None."""
    return suffixes[-1] if suffixes and suffixes[-1] in _COMPRESSIONS else None


def _zip_member(path: Path) -> str:
    """The one file in the zip archive ``path`` (folders and macOS' ``__MACOSX/`` notes
    aside), or a ValueError saying how many it holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ValueError(f"Could not read {str(path)!r} as a zip archive: {exc}.") from None
    files = [i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    if len(files) != 1:
        raise ValueError(
            f"{str(path)!r} is a zip archive of {len(files)} files "
            f"{[i.filename for i in files[:5]]}; skmeta reads a zip that holds one table. "
            "Extract the table and give its file."
        )
    if files[0].flag_bits & 0x1:
        raise ValueError(f"{str(path)!r} is an encrypted zip archive; extract its table first.")
    return files[0].filename


@contextmanager
def _open_binary(path: Path, suffixes: list[str]) -> Iterator[io.BufferedIOBase]:
    """A binary handle on the file, decompressed by its last suffix (gz, bz2, xz, zip)."""
    kind = _compression(suffixes)
    if kind == ".zip":
        with zipfile.ZipFile(path) as archive, archive.open(_zip_member(path)) as raw:
            yield raw
        return
    opener = _COMPRESSIONS.get(kind) or open
    with opener(path, "rb") as raw:
        yield raw


@contextmanager
def _open_text(
    path: Path, suffixes: list[str], encoding: str, errors: str = "strict", newline=None
) -> Iterator[io.TextIOBase]:
    """A text handle on the file, decompressed by its last suffix (gz, bz2, xz, zip)."""
    with _open_binary(path, suffixes) as raw:
        yield io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=newline)


# the byte-order marks of UTF-32 and UTF-16 (Excel's "Unicode text"), longest first
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _wide_encoding(path: Path) -> str | None:
    """UTF-16 or UTF-32 when the file starts with its byte-order mark, else None."""
    with _open_binary(path, [s.lower() for s in path.suffixes]) as raw:
        start = raw.read(4)
    return next((encoding for bom, encoding in _WIDE_BOMS if start.startswith(bom)), None)


def _format_suffixes(path: Path) -> list[str]:
    """The lower-case suffixes that name a file's format: those before a compression
    suffix, or, for ``data.zip``, those of the file inside (a zip that does not hold
    one file is refused here)."""
    suffixes = [s.lower() for s in path.suffixes]
    if _compression(suffixes) is None:
        return suffixes
    inner = suffixes[:-1]
    if suffixes[-1] == ".zip":
        member = _zip_member(path)
        inner = inner or [s.lower() for s in Path(member).suffixes]
    return inner


# the line Excel writes above a table to name its separator: sep=;
_EXCEL_SEP = re.compile(r"^\ufeff?sep=(.)\r?\n?$")


def _leading_comments(
    path: Path, suffixes: list[str], encoding: str
) -> tuple[str, int, str | None]:
    """The header line of a text table, the number of lines above it to skip (``#``
    comment lines, and a first line ``sep=;`` as Excel writes it) and the separator
    such a line names (else None).

    A ``#`` line with as many separators as the line after it is the header itself
    (``#id,a,target``, as some tools write it), not a comment."""
    comments: list[str] = []
    following = ""
    named = None
    with _open_text(path, suffixes, encoding, errors="replace", newline="") as handle:
        for i, line in enumerate(handle):
            excel = _EXCEL_SEP.match(line) if i == 0 else None
            if excel:
                named = excel.group(1)
            elif not line.lstrip().startswith("#"):
                following = line
                break
            comments.append(line)
    if comments and following and not (named and len(comments) == 1):
        sep = max((",", *_OTHER_SEPARATORS), key=following.count)
        if following.count(sep) > 0 and comments[-1].count(sep) == following.count(sep):
            return comments[-1], len(comments) - 1, named
    return following, len(comments), named


def _sniff_separator(header: str, suffixes: list[str]) -> str:
    """The separator of a text table: tab for ``.tsv``/``.tab``; otherwise a comma,
    unless the header line has none and holds one of the other separators."""
    if ".tsv" in suffixes or ".tab" in suffixes:
        return "\t"
    if "," in header:
        return ","
    counts = {sep: header.count(sep) for sep in _OTHER_SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


# text encodings tried in turn when none is given: UTF-8 (with or without a byte-order
# mark), then Windows' Western code page (what spreadsheets write), then Latin-1,
# which decodes any bytes
_ENCODINGS = ("utf-8", "cp1252", "latin-1")

# a number written with a decimal comma, optionally with dots grouping thousands (ASCII
# digits: other scripts' digits match \d but are not numbers to pandas)
_DECIMAL_COMMA = re.compile(
    r"^[+-]?(?:(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$", re.ASCII
)


def _decimal_comma_to_float(frame: pd.DataFrame, sep: str) -> pd.DataFrame:
    """Text columns whose every value is a number with a decimal comma (``3,14``,
    ``1.234,5``), as float: a file separated by semicolons comes from a locale that
    writes numbers so. In one separated by tabs or ``|``, ``1,234`` may as well be a
    thousand, so a column there is converted only when some comma is followed by other
    than three digits (otherwise it stays text)."""
    for column, text, comma in _text_with_commas(frame, _DECIMAL_COMMA):
        decimals = text[comma].str.extract(r",(\d*)", expand=False).str.len()
        if sep != ";" and (decimals == 3).all():
            continue
        numbers = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        frame[column] = pd.to_numeric(numbers).reindex(frame.index).astype(float)
    return frame


def _text_with_commas(frame: pd.DataFrame, number: re.Pattern) -> Iterator[tuple]:
    """The text columns of ``frame`` whose every value (missing aside) is a ``number``
    and some holds a comma: (name, the values stripped, whether each holds a comma)."""
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        present = values.dropna()
        if present.empty or pd.api.types.infer_dtype(present, skipna=True) != "string":
            continue  # (infer_dtype: every value is a str, said in C)
        comma = present.str.contains(",", regex=False)
        if not comma.any():
            continue
        text = present.str.strip()
        if text.map(lambda v: bool(number.match(v))).all():
            yield column, text, comma


# a number with commas grouping thousands and optionally a decimal point (1,234.5)
_GROUPED = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][+-]?\d+)?$", re.ASCII)


def _grouped_thousands_to_float(frame: pd.DataFrame, sep: str) -> pd.DataFrame:
    """Text columns whose every value is a number with commas grouping thousands
    (``"85,210.66"``, quoted in a CSV), as float. In a file not separated by commas,
    ``1,234`` may be a decimal comma, so a column there is converted only when some
    value also has a decimal point."""
    for column, text, comma in _text_with_commas(frame, _GROUPED):
        if sep != "," and not (comma & text.str.contains(".", regex=False)).any():
            continue
        numbers = pd.to_numeric(text.str.replace(",", "", regex=False))
        frame[column] = numbers.reindex(frame.index).astype(float)
    return frame


def _tidy_text_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop what spreadsheets and pandas leave in text tables: rows with no value at
    all, unnamed empty columns, and an unnamed leading column of row numbers (the
    index ``DataFrame.to_csv`` writes)."""
    frame = frame.dropna(how="all").reset_index(drop=True)
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed: ")]
    frame = frame.drop(columns=[c for c in unnamed if frame[c].isna().all()])
    if len(frame.columns) > 1 and str(frame.columns[0]) == "Unnamed: 0":
        first = frame.iloc[:, 0]
        numeric = pd.api.types.is_numeric_dtype(first) and not pd.api.types.is_bool_dtype(first)
        if numeric and not first.isna().any():
            values = first.to_numpy(dtype=float)
            for start in (0, 1):
                if np.array_equal(values, np.arange(start, start + len(values))):
                    return frame.iloc[:, 1:]
    return frame


def _with_encodings(path: Path, encoding: str | None, read):
    """``read(encoding)`` with the given text encoding or, without one, with each of
    UTF-8, Windows-1252 and Latin-1 until one decodes the file (with a warning when
    the file is not UTF-8). A file that starts with the byte-order mark of UTF-16 or
    UTF-32 is read so."""
    encoding = encoding or _wide_encoding(path)
    if encoding is not None:
        return read(encoding)
    for i, enc in enumerate(_ENCODINGS):
        try:
            result = read(enc)
        except UnicodeDecodeError:
            if i == len(_ENCODINGS) - 1:
                raise
            continue
        if i > 0:
            warnings.warn(
                f"{str(path)!r} is not UTF-8 text; read it as {enc}. Give the encoding "
                "(encoding= or --encoding) if that is wrong.",
                UserWarning,
                stacklevel=5,
            )
        return result


def _read_text_table(
    path: Path, suffixes: list[str], formats: list[str], sep: str | None, encoding: str | None
) -> pd.DataFrame:
    """A CSV / TSV file (optionally compressed; ``formats``: the suffixes that name its
    format, :func:`_format_suffixes`): ``#`` comment lines above the header are
    skipped, spaces after separators ignored, and, in a file not separated by
    commas, numbers with a decimal comma read as numbers."""

    def read(enc: str) -> tuple[pd.DataFrame, str, str]:
        header, n_comments, named = _leading_comments(path, suffixes, enc)
        used_sep = sep or named or _sniff_separator(header, formats)

        def parse(**options) -> pd.DataFrame:
            with _open_text(path, suffixes, enc, newline="") as handle:
                return pd.read_csv(
                    handle,
                    sep=used_sep,
                    na_values=_NA_VALUES,
                    keep_default_na=True,
                    skiprows=n_comments,
                    skipinitialspace=True,
                    **options,
                )

        frame = parse()
        # rows with more fields than the header names: pandas reads the first ones as
        # row labels, which is right for R's write.table; but when the extra field is
        # an empty one at the end of every row, the rows end in a separator, and the
        # labels would shift every column by one (the last, all missing)
        extra = _extra_fields(path, suffixes, enc, n_comments, used_sep)
        if extra and frame.shape[1] > 0:
            if frame.iloc[:, -1].isna().all():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", pd.errors.ParserWarning)
                    frame = parse(index_col=False)
            else:
                frame.attrs["row_labels"] = extra
        return frame, used_sep, header

    frame, used_sep, header = _with_encodings(path, encoding, read)
    if frame.attrs.get("row_labels"):
        warnings.warn(
            f"The rows of {str(path)!r} hold {frame.attrs['row_labels']} field(s) more than "
            "its header names: the first field(s) of each row are read as row labels (as "
            "R's write.table writes them), not as a feature.",
            UserWarning,
            stacklevel=4,
        )
        frame = frame.reset_index(drop=True)
    repeated_names = _repeated_header_names(header, used_sep, frame.columns)
    if used_sep != ",":
        frame = _decimal_comma_to_float(frame, used_sep)
    frame = _grouped_thousands_to_float(frame, used_sep)
    frame = _tidy_text_table(frame)
    # spaces around a name in the header are a spreadsheet's slip, not part of it
    stripped = [c.strip() if isinstance(c, str) else c for c in frame.columns]
    if len(set(stripped)) == len(stripped):
        frame.columns = stripped
        repeated_names = {n: [c.strip() for c in cs] for n, cs in repeated_names.items()}
    frame.attrs["repeated_names"] = {
        n: cs for n, cs in repeated_names.items() if all(c in frame.columns for c in cs)
    }
    return frame


def _extra_fields(path: Path, suffixes: list[str], enc: str, n_comments: int, sep: str) -> int:
    """How many more fields the first row of data has than the header line names (0
    when it has no more, or for a separator of more than one character)."""
    if len(sep) != 1:
        return 0
    with _open_text(path, suffixes, enc, errors="replace", newline="") as handle:
        for _ in range(n_comments):
            handle.readline()
        rows = csv.reader(handle, delimiter=sep, skipinitialspace=True)
        try:
            header = next(rows, [])
            first = next((row for row in rows if row), [])
        except csv.Error:  # a NUL byte, before Python 3.11: pandas reads the rest
            return 0
    return max(len(first) - len(header), 0)


def _repeated_header_names(header: str, sep: str, columns: pd.Index) -> dict[str, list[str]]:
    """The names the header line gives to more than one column -> the names pandas
    read those columns as (``a``, ``a.1``, ...); empty names aside (pandas numbers
    them) and nothing for a separator of more than one character."""
    if len(sep) != 1:
        return {}
    header = header.lstrip("\ufeff").rstrip("\r\n").replace("\x00", "")
    names = next(csv.reader([header], delimiter=sep, skipinitialspace=True), [])
    if len(names) != len(columns):
        return {}
    positions: dict[str, list[str]] = {}
    for name, column in zip(names, columns, strict=True):
        if name.strip():
            positions.setdefault(name.strip(), []).append(str(column))
    return {name: read for name, read in positions.items() if len(read) > 1}


# formats that are not tables of one dataset, or that we do not read: named at once
# (read as CSV they would give nonsense columns, or fail on a binary byte)
_OTHER_FORMATS = {
    ".json": "a JSON",
    ".jsonl": "a JSON lines",
    ".xlsx": "an Excel",
    ".xls": "an Excel",
    ".ods": "an OpenDocument",
    ".pkl": "a pickle",
    ".pickle": "a pickle",
    ".npy": "a NumPy",
    ".npz": "a NumPy",
    ".h5": "an HDF5",
    ".hdf5": "an HDF5",
    ".zst": "a Zstandard-compressed",
    ".xml": "an XML",
}

# ARFF attribute types liac-arff cannot parse, read as text (dates) instead
_ARFF_DATE = re.compile(
    r"^(\s*@attribute\s+(?:'[^']*'|\"[^\"]*\"|\S+)\s+)date\b.*$", re.IGNORECASE | re.MULTILINE
)


def _read_arff(path: Path, suffixes: list[str], encoding: str | None = None) -> pd.DataFrame:
    """An ARFF file (OpenML's and Weka's format; dense or sparse, optionally
    compressed) as a DataFrame: nominal attributes become ``category`` columns with the
    declared levels, numbers float64, strings and dates text; ``?`` is missing."""
    import arff  # liac-arff, which openml depends on

    def read(enc: str) -> str:
        with _open_text(path, suffixes, enc) as handle:
            return handle.read().removeprefix("\ufeff")  # a byte-order mark (Notepad's)

    text = _ARFF_DATE.sub(r"\1STRING", _with_encodings(path, encoding, read))
    try:
        decoded = arff.loads(text)
    except arff.ArffException as exc:
        raise _UnreadableError(f"Could not read {str(path)!r} as ARFF: {exc}") from exc
    names = [name for name, _ in decoded["attributes"]]
    rows = decoded["data"]
    columns = {}
    for j, (name, kind) in enumerate(decoded["attributes"]):
        values = [row[j] for row in rows]
        if isinstance(kind, list):  # nominal: its declared levels, in order
            columns[name] = pd.Categorical(values, categories=kind)
        elif kind.upper() in ("NUMERIC", "REAL", "INTEGER"):
            columns[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            columns[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=names)


def _read_table(path: Path, sep: str | None, encoding: str | None = None) -> pd.DataFrame:
    """Read CSV / TSV (optionally compressed), Parquet, Feather or ARFF into a DataFrame,
    or fail clearly."""
    if not path.exists():
        raise FileNotFoundError(f"No such file: {str(path)!r}.")
    if path.is_dir():
        raise ValueError(
            f"{str(path)!r} is a folder, not a data file; a folder of datasets is read by "
            "load_folder (on the command line: skmeta describe, skmeta build-knowledge)."
        )
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(f"Unknown text encoding {encoding!r}.") from None
    suffixes = [s.lower() for s in path.suffixes]
    # the format's own suffix: the last one, or the one before a compression suffix
    formats = _format_suffixes(path)
    other = _OTHER_FORMATS.get("".join(formats[-1:]))
    if other is not None:
        raise ValueError(
            f"{str(path)!r} is {other} file, which skmeta does not read as a table: "
            f"save it as CSV, TSV, Parquet, Feather or ARFF first."
        )
    binary = {".feather", ".arrow", ".parquet", ".pq"} & set(formats)
    if binary and _compression(suffixes):
        raise ValueError(
            f"{str(path)!r} is a compressed {sorted(binary)[0][1:]} file; skmeta reads "
            "Parquet and Feather files as they are (they compress their own data). "
            "Decompress it first."
        )
    try:
        if ".arff" in formats:
            return _read_arff(path, suffixes, encoding)
        if ".feather" in formats or ".arrow" in formats:
            return pd.read_feather(path)
        if ".parquet" in formats or ".pq" in formats:
            try:
                return pd.read_parquet(path)
            except ImportError as exc:
                raise ImportError(
                    f"Reading Parquet needs a working pyarrow ({exc}): pip install "
                    "'skmeta[parquet]', with a pyarrow that suits this NumPy."
                ) from exc
        frame = _read_text_table(path, suffixes, formats, sep, encoding)
    except (ImportError, FileNotFoundError):
        raise
    except _UnreadableError as exc:  # its reader's own words, as a plain ValueError
        raise ValueError(str(exc)) from exc.__cause__
    except (
        OSError,
        EOFError,
        UnicodeDecodeError,
        zlib.error,
        gzip.BadGzipFile,
        lzma.LZMAError,
        zipfile.BadZipFile,
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
        ValueError,
    ) as exc:
        raise ValueError(
            f"Could not read {str(path)!r} as a table ({type(exc).__name__}: {exc}). "
            "Is the file complete and in CSV, TSV, Parquet, Feather or ARFF format?"
        ) from exc
    return frame


def _split_target(frame: pd.DataFrame, target: str, path: Path) -> tuple[pd.DataFrame, pd.Series]:
    for name, read in frame.attrs.get("repeated_names", {}).items():
        # pandas' reading, which PMLB's own files assume (schizo has two 'target' columns)
        role = (
            f"the first is the target, the others are features {read[1:]}"
            if name == target
            else f"they are read as {read}"
        )
        warnings.warn(
            f"The header of {str(path)!r} names {len(read)} columns {name!r}: {role}. "
            "Rename them if that is not what they are.",
            UserWarning,
            stacklevel=3,
        )
    if target not in frame.columns:
        cols = [str(c) for c in frame.columns]
        raise ValueError(
            f"Target column {target!r} not found in {str(path)!r}; its columns are "
            f"{cols[:15]}{' ...' if len(cols) > 15 else ''}. Name the target column with "
            "target= (--target on the command line)."
        )
    if frame.shape[0] == 0:
        raise ValueError(f"{str(path)!r} has a header but no data rows.")
    return frame.drop(columns=[target]), frame[target]


def read_dates(column: pd.Series, name: str, *, option: str = "dates") -> pd.Series:
    """A column named by ``dates`` (``option``: how the caller calls that) as dates
    (UTC; text without a zone is taken as UTC): ISO 8601 dates and time stamps, else
    one format guessed from the first value (month first, then day first, for
    01/03/2024), or a ValueError naming the column and a value that does not read as
    a date."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return column
    text = column.astype("string")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandas' guesses of the format
        reasons = []
        for how in ({"format": "ISO8601"}, {}, {"dayfirst": True}):
            try:
                return pd.to_datetime(text, utc=True, **how)
            except (ValueError, TypeError, OverflowError) as exc:
                reasons.append(str(exc).splitlines()[0].split(". You might")[0].rstrip("."))
        reason = reasons[1]  # with the format guessed from the first value, month first
        present = text.dropna()
        alone = pd.to_datetime(present, errors="coerce", utc=True, format="mixed")
    if alone.isna().any():  # a value that is no date at all
        bad = f"{present[alone.isna()].iloc[0]!r} ({reason})"
    else:
        bad = f"its dates are not all written alike ({reason})"
    raise ValueError(
        f"{option} column {name!r} does not read as dates: {bad}. Name only "
        "columns of dates, written alike (e.g. 2024-03-01)"
        + (", or --drop the column." if option.startswith("--") else ".")
    )


def load_file(
    path: PathLike_,
    target: str = "target",
    *,
    kind: str | None = None,
    categorical_features: ArrayLike | str = "auto",
    name: str | None = None,
    sep: str | None = None,
    encoding: str | None = None,
    missing_target: str = "error",
    dates: str | list[str] | None = None,
) -> Task:
    """Load one dataset from a CSV, TSV, Parquet, Feather or ARFF file.

    Parameters
    ----------
    path : str or Path
        The file. The format follows the extension: ``.csv``, ``.tsv``/``.tab``,
        ``.parquet``/``.pq``, ``.feather``/``.arrow``, ``.arff`` (OpenML's and Weka's
        format, dense or sparse; nominal attributes become ``category`` columns with
        their declared levels, dates text), and compressed text and ARFF files:
        ``.gz``, ``.bz2``, ``.xz``, or ``.zip`` holding that one file (``data.csv.zip``,
        ``data.zip``).
        Other known formats (JSON, Excel, pickle, ...) are refused by name.
    target : str, default='target'
        Name of the target column.
    kind : {'classification', 'regression'} or None, default=None
        None infers it from the target.
    categorical_features : 'auto', array-like of bool, or list of str or int, default='auto'
        Which feature columns are categorical; 'auto' takes text columns, and for a
        file in PMLB's layout (``<name>/<name>.<ext>`` beside a ``metadata.yaml``) the
        columns its metadata declares categorical, as :func:`load_folder` does.
    name : str, default=None
        Task name; defaults to the file name without extensions.
    sep : str, default=None
        Field separator of a text file; None takes the one a first line ``sep=;`` names
        (as Excel writes it), else tab for ``.tsv``/``.tab`` and for other files a
        comma, or a semicolon, tab or ``|`` when the header line has no comma but one of
        these. Numbers with a decimal comma (``3,14``) in a file separated by semicolons
        are read as numbers; separated by tabs or ``|``, in a column where some comma is
        followed by other than three digits. Numbers with commas grouping thousands
        (``"1,234.5"``) are numbers too; separated otherwise than by commas, in a column
        where some value also has a decimal point. Spaces around the header's names are
        dropped; a name given to several columns is warned of (pandas reads them as
        ``a``, ``a.1``, and of several target columns, the first is the target). Rows
        that end in a separator keep their columns; row labels that the header does not
        name (R's ``write.table``) are left out with a warning.
    encoding : str, default=None
        Text encoding of a text file; None reads UTF-8 and, failing that, Windows-1252
        or Latin-1 with a warning; a file that starts with the byte-order mark of UTF-16
        or UTF-32 (Excel's "Unicode text") is read so.
    missing_target : {'error', 'drop'}, default='error'
        What rows without a target value do: 'error' refuses them (as the estimators
        do), 'drop' leaves them out with a warning that counts them.
    dates : str or list of str, default=None
        Feature columns that hold dates or time stamps as text, to read as dates (UTC):
        ISO 8601 (``2024-03-01``, ``2024-03-01 12:30``), else one format throughout,
        guessed from the first value (month first, then day first, for ``01/03/2024``).
        The meta-features and :func:`skmeta.defaults.family_estimator` take dates as
        numbers of days; left as text, each date is a category of its own. A value that
        does not read as a date raises a ValueError naming it.

    Returns
    -------
    Task

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skmeta.tasks import load_file
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.csv"
    >>> _ = path.write_text("a,b,label\\n1,x,yes\\n2,y,no\\n3,x,yes\\n")
    >>> task = load_file(path, target="label")
    >>> task.name, task.kind, task.n_features
    ('tiny', 'classification', 2)
    """
    if missing_target not in ("error", "drop"):
        raise ValueError(f"missing_target must be 'error' or 'drop'; got {missing_target!r}.")
    if dates is not None:
        given, dates = dates, list(dates) if isinstance(dates, list | tuple | pd.Index) else [dates]
        if not all(isinstance(d, str) for d in dates):
            raise TypeError(f"dates must name columns (str or list of str); got {given!r}.")
    path = as_path(path)
    frame = _read_table(path, sep, encoding)
    X, y = _split_target(frame, target, path)
    unlabelled = y.isna().to_numpy()
    if missing_target == "drop" and unlabelled.any() and not unlabelled.all():
        warnings.warn(
            f"Left out {int(unlabelled.sum())} of the {unlabelled.size} rows of "
            f"{str(path)!r}: they have no {target!r} value.",
            UserWarning,
            stacklevel=2,
        )
        X = X.loc[~unlabelled].reset_index(drop=True)
        y = y.loc[~unlabelled].reset_index(drop=True)
    if isinstance(categorical_features, str) and categorical_features == "auto":
        # a file in PMLB's layout, <name>/<name>.<ext>: its metadata.yaml declares the
        # categorical columns, as load_folder reads them (dates stay dates)
        declared = _metadata_categorical(path.parent, X) if _in_own_folder(path) else None
        if declared is not None:
            dated = [str(n) in (dates or ()) for n in X.columns]
            categorical_features = [c and not d for c, d in zip(declared, dated, strict=True)]
    if dates:
        X = _with_dates(X, dates, categorical_features, path)
    if name is None:
        name = path.name.split(".")[0]
    return Task(
        X,
        y,
        kind=kind,
        name=name,
        source="file",
        categorical_features=categorical_features,
        metadata={"path": str(path)},
    )


def check_column_names(names: list[str], columns: list[str], option: str, source: str) -> list[str]:
    """``names`` (at least one), each among the feature ``columns`` of ``source``, or
    a ValueError naming those that are not (``option``: how the caller names them)."""
    unknown = [c for c in names if c not in columns]
    if unknown or not names:
        raise ValueError(
            f"{option} names {unknown or 'no column'}, not among the feature columns of "
            f"{source}: {columns[:10]}{' ...' if len(columns) > 10 else ''}."
        )
    return names


def _with_dates(X: pd.DataFrame, dates: list[str], categorical_features, path: Path):
    """``X`` with its ``dates`` columns read as dates; a ValueError for a name that is
    no feature column or that ``categorical_features`` also names."""
    from ..utils._tabular import _resolve_categorical

    columns = [str(c) for c in X.columns]
    check_column_names(dates, columns, "dates", repr(str(path)))
    declared = _resolve_categorical(
        categorical_features, columns, np.zeros(len(columns), dtype=bool)
    )
    both = [d for d in dates if declared[columns.index(d)]]
    if both:
        raise ValueError(f"dates and categorical_features both name {both}; choose one for each.")
    X = X.copy()
    for column in X.columns:
        if str(column) in dates:
            X[column] = read_dates(X[column], str(column))
    return X


def _pmlb_feature_types(metadata_path: Path) -> dict[str, str]:
    """Feature name -> type from a PMLB ``metadata.yaml``.

    The file is machine-written with a fixed layout (``  - name: X`` followed by
    ``    type: T``), so two anchored patterns read it without a YAML dependency.
    """
    types: dict[str, str] = {}
    current = None
    for line in metadata_path.read_text(errors="replace").splitlines():
        m = re.match(r"^  - name:\s*(.+?)\s*$", line)
        if m:
            current = m.group(1).strip("'\"")
            continue
        m = re.match(r"^    type:\s*(\S+)", line)
        if m and current is not None:
            types[current] = m.group(1)
            current = None
    return types


def _metadata_categorical(folder: Path, X: pd.DataFrame) -> list[bool] | None:
    """Whether each feature column of ``X`` is categorical: declared so by the PMLB
    ``metadata.yaml`` in ``folder``, or not numbers (text, categories, booleans: those
    are categorical whatever the metadata says); None without a metadata file."""
    metadata_path = folder / "metadata.yaml"
    if not metadata_path.is_file():
        return None
    types = _pmlb_feature_types(metadata_path)
    return [
        types.get(str(c)) in _CATEGORICAL_TYPES
        or not pd.api.types.is_numeric_dtype(X[c])
        or pd.api.types.is_bool_dtype(X[c])
        for c in X.columns
    ]


def _in_own_folder(path: Path) -> bool:
    """``path`` is ``<name>/<name>.<ext>``, a dataset in its own folder (PMLB's layout)."""
    return _dataset_name(path) == path.parent.name


# the data files a folder of datasets may hold, longest suffix first
_TEXT_SUFFIXES = (".tsv", ".csv", ".tab", ".arff")
_DATA_SUFFIXES = (
    *(text + kind for kind in _COMPRESSIONS for text in _TEXT_SUFFIXES),
    ".parquet",
    ".feather",
    ".arff",
    ".tsv",
    ".csv",
    ".tab",
    ".pq",
)
_SUFFIX_HELP = "csv, tsv, tab or arff, each optionally .gz, .bz2, .xz or .zip; parquet, pq, feather"


def _data_files(folder: Path, name: str, *, any_suffix: bool = False) -> list[Path]:
    """The files ``<name>.<ext>`` in ``folder``: with a data suffix, or (``any_suffix``,
    a dataset's own sub-folder) any but PMLB's ``metadata.yaml`` and the like."""
    files = (p for p in folder.glob(f"{glob.escape(name)}.*") if p.is_file())
    if any_suffix:
        return sorted(p for p in files if not p.name.endswith((".yaml", ".yml")))
    return sorted(p for p in files if _dataset_name(p) == name)


def _dataset_name(path: Path) -> str | None:
    """The dataset name of file ``path`` (its name without a data suffix), or None
    when its suffix is not a data file's."""
    lower = path.name.lower()
    for suffix in _DATA_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return path.name[: -len(suffix)]
    return None


def _load_folder_task(row: pd.Series, *, root: str, target: str) -> Task:
    name = str(row["name"])
    folder = Path(root) / name
    # <name>/<name>.<ext> (the PMLB layout), else <name>.<ext> in the folder itself
    candidates = _data_files(folder, name, any_suffix=True) if folder.is_dir() else []
    if not candidates:
        folder = Path(root)
        candidates = _data_files(folder, name)
    if not candidates:
        raise FileNotFoundError(
            f"Task {name!r}: no data file {name}/{name}.<ext> or {name}.<ext> in {root!r} "
            f"(<ext>: {_SUFFIX_HELP})."
        )
    path = candidates[0]
    frame = _read_table(path, None)
    X, y = _split_target(frame, target, path)
    # PMLB's metadata.yaml: in the dataset's own sub-folder, or in the folder given
    # when that is the dataset's own (load_folder("pmlb/flags"), as load_file reads it)
    own = folder != Path(root) or _in_own_folder(path)
    declared = _metadata_categorical(folder, X) if own else None
    categorical = "auto" if declared is None else declared
    kind = row.get("task")
    kind = kind if kind in ("classification", "regression") else None
    metadata = {"path": str(path)}
    for key in ("group", "openml_id"):
        value = row.get(key)
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            metadata[key] = int(value) if key == "openml_id" else value
    return Task(
        X,
        y,
        kind=kind,
        name=name,
        source="folder",
        categorical_features=categorical,
        metadata=metadata,
    )


def load_folder(path: PathLike_, *, target: str = "target") -> TaskCollection:
    """A lazily loaded collection of the datasets in a folder.

    The folder holds one sub-folder per dataset, ``<name>/<name>.<ext>`` (the PMLB
    layout) with ``ext`` one of ``tsv``, ``csv``, ``tab``, ``arff`` (each optionally
    compressed: ``tsv.gz``, ``csv.bz2``, ``arff.xz``, ``csv.zip``, ...), ``parquet``,
    optionally with a PMLB ``metadata.yaml`` giving feature types (categorical columns
    are read from it), or the data files themselves, ``<name>.<ext>``. An ``index.csv``
    with a ``name`` column (and optionally ``task``, ``group``, ``openml_id``, sizes)
    describes the datasets; without it, the sub-folders and data files are the index.

    Parameters
    ----------
    path : str or Path
        The folder.
    target : str, default='target'
        Name of the target column in every file.

    Returns
    -------
    TaskCollection
        Indexable by position or name; ``collection.index`` is the index table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skmeta.tasks import load_folder
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "toy").mkdir()
    >>> _ = (root / "toy" / "toy.csv").write_text("a,target\\n1.5,0\\n2.5,1\\n0.5,0\\n")
    >>> tasks = load_folder(root)
    >>> tasks.names, tasks["toy"].kind
    (['toy'], 'classification')
    """
    root = as_path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"No such folder: {str(root)!r}.")
    index_path = root / "index.csv"
    if index_path.exists():
        index = _read_table(index_path, ",")
        if "name" not in index.columns:
            raise ValueError(f"{str(index_path)!r} has no 'name' column.")
    else:
        folders = {
            p.name for p in root.iterdir() if p.is_dir() and _data_files(p, p.name, any_suffix=True)
        }
        files = {_dataset_name(p) for p in root.iterdir() if p.is_file()} - {None, "index"}
        names = sorted(folders | files)
        if not names:
            raise ValueError(
                f"{str(root)!r} holds no datasets: neither folders <name>/<name>.<ext> nor "
                f"data files <name>.<ext> (<ext>: {_SUFFIX_HELP})."
            )
        index = pd.DataFrame({"name": names})
    return TaskCollection(index, partial(_load_folder_task, root=str(root), target=target))


def load_sklearn_dataset(name: str = "breast_cancer") -> Task:
    """One of scikit-learn's bundled toy datasets as a :class:`Task` (no download).

    Parameters
    ----------
    name : {'iris', 'wine', 'breast_cancer', 'digits', 'diabetes'}, default='breast_cancer'
        The scikit-learn dataset.

    Returns
    -------
    Task

    Examples
    --------
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> load_sklearn_dataset("diabetes")
    Task(name='diabetes', kind='regression', n_samples=442, n_features=10, source='sklearn')
    """
    from sklearn import datasets

    if name not in SKLEARN_DATASETS:
        raise ValueError(f"Unknown scikit-learn dataset {name!r}; choose from {SKLEARN_DATASETS}.")
    bunch = getattr(datasets, f"load_{name}")(as_frame=True)
    kind = "regression" if name == "diabetes" else "classification"
    return Task(bunch.data, bunch.target, kind=kind, name=name, source="sklearn")
