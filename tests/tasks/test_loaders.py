import bz2
import gzip
import lzma
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skmeta.tasks import (
    SKLEARN_DATASETS,
    Task,
    TaskCollection,
    load_file,
    load_folder,
    load_sklearn_dataset,
)

FRAME = pd.DataFrame(
    {"a": [1.5, 2.5, np.nan, 4.0], "b": ["x", "y", "x", None], "target": [0, 1, 0, 1]}
)


# FRAME in ARFF, OpenML's format: b nominal (its levels declared), target nominal
ARFF = """% FRAME
@RELATION frame
@ATTRIBUTE a NUMERIC
@ATTRIBUTE b {x, y}
@ATTRIBUTE target {0, 1}
@DATA
1.5,x,0
2.5,y,1
?,x,0
4.0,?,1
"""


def _need_pyarrow():
    """Skip without a pyarrow that imports (pyarrow 26 refuses NumPy 1.x at import)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"no working pyarrow: {exc}")


def test_parquet_without_a_working_pyarrow_says_why(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ImportError("pyarrow requires NumPy 2.0 or newer, found 1.26.4")

    monkeypatch.setattr(pd, "read_parquet", broken)
    path = tmp_path / "data.parquet"
    path.write_bytes(b"PAR1")
    expected = r"working pyarrow .*NumPy 2.0 or newer.*skmeta\[parquet\]"
    with pytest.raises(ImportError, match=expected):
        load_file(path)


@pytest.mark.parametrize(
    "suffix", [".csv", ".tsv", ".csv.gz", ".tsv.gz", ".parquet", ".feather", ".arff", ".arff.gz"]
)
def test_load_file_formats(tmp_path, suffix):
    path = tmp_path / f"data{suffix}"
    if suffix == ".parquet":
        _need_pyarrow()
        FRAME.to_parquet(path)
    elif suffix == ".feather":
        _need_pyarrow()
        FRAME.to_feather(path)
    elif ".arff" in suffix:
        opener = gzip.open if suffix.endswith(".gz") else open
        with opener(path, "wt") as handle:
            handle.write(ARFF)
    else:
        FRAME.to_csv(path, sep="\t" if ".tsv" in suffix else ",", index=False)
    task = load_file(path)
    assert task.name == "data"
    assert task.kind == "classification"
    assert task.X.shape == (4, 2)
    assert task.X["a"].isna().sum() == 1
    assert task.X["b"].isna().sum() == 1


@pytest.mark.parametrize("sep", [";", "\t", "|"])
@pytest.mark.parametrize("suffix", [".csv", ".csv.gz", ".txt"])
def test_load_file_finds_a_separator_other_than_a_comma(tmp_path, sep, suffix):
    # spreadsheets in locales with a decimal comma save "CSV" with semicolons
    path = tmp_path / f"data{suffix}"
    FRAME.to_csv(path, sep=sep, index=False)
    task = load_file(path)
    assert list(task.X.columns) == ["a", "b"]
    assert task.X["a"].tolist()[:2] == [1.5, 2.5]


def test_load_file_separator_keeps_commas_and_takes_an_explicit_one(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a;b,target\n1;2,0\n3;4,1\n")  # a comma in the header: ';' is data
    assert list(load_file(path).X.columns) == ["a;b"]
    path.write_text("a;b|target\n1;2|0\n3;4|1\n")
    assert list(load_file(path, sep="|").X.columns) == ["a;b"]
    with pytest.raises(ValueError, match="Target column 'target' not found"):
        load_file(path)  # sniffed: ';' (the first of a tie), which leaves 'b|target'


def test_numbers_with_commas_grouping_thousands_are_numbers(tmp_path):
    # a spreadsheet's "85,210.66" (quoted in a CSV) was text: an identifier, in every row
    path = tmp_path / "prices.csv"
    path.write_text(
        'price,lot,code,target\n"85,210.66","1,234","1,2",0\n"-1,000",12,"3,4",1\n'
        '"999.5","5,000,000","5,6",0\n,"7","7,8",1\n'
    )
    X = load_file(path).X
    np.testing.assert_array_equal(X["price"], [85210.66, -1000.0, 999.5, np.nan])
    np.testing.assert_array_equal(X["lot"], [1234.0, 12.0, 5e6, 7.0])
    assert X["code"].tolist() == ["1,2", "3,4", "5,6", "7,8"]  # not groups of three
    # separated by tabs, 1,234 may be a decimal comma: only 1,234.5 says otherwise
    tabbed = tmp_path / "prices.tsv"
    tabbed.write_text("a\tb\ttarget\n1,234\t1,234.5\t0\n2,345\t12\t1\n3,456\t7\t0\n")
    X = load_file(tabbed).X
    assert X["a"].tolist() == ["1,234", "2,345", "3,456"]
    assert X["b"].tolist() == [1234.5, 12.0, 7.0]


# Arabic-Indic digits: "1,234" quoted, and "1,5"
@pytest.mark.parametrize(
    ("sep", "value"), [(",", '"\u0661,\u0662\u0663\u0664"'), (";", "\u0661,\u0665")]
)
def test_digits_of_other_scripts_stay_text(tmp_path, sep, value):
    # they match a regular expression's \d, but pandas reads no number in them: the
    # file was refused ("Unable to parse string")
    path = tmp_path / "digits.csv"
    path.write_text(f"a{sep}target\n{value}{sep}0\n{value}{sep}1\n")
    assert load_file(path).X["a"].tolist() == [value.strip('"')] * 2


@pytest.mark.parametrize(
    "text",
    [
        "sep=;\na;b;target\n1,5;x;0\n2,5;y;1\n",  # the header was 'sep=' and ''
        "\ufeffsep=|\r\na|b|target\r\n1,5|x|0\r\n2,5|y|1\r\n",
        "sep=,\na,b,target\n1.5,x,0\n2.5,y,1\n",  # not taken for a '#a,b' header
        "sep=;\n# made by hand\na;b;target\n1,5;x;0\n2,5;y;1\n",
    ],
)
def test_the_separator_excel_names_on_the_first_line_is_used(tmp_path, text):
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode())
    X = load_file(path).X
    assert list(X.columns) == ["a", "b"]
    assert X["a"].tolist() == [1.5, 2.5]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_decimal_commas_are_numbers_in_a_file_not_separated_by_commas(tmp_path, sep):
    path = tmp_path / "euro.csv"
    frame = pd.DataFrame(
        {
            "a": [1.5, -2.25, np.nan, 1234.5],
            "b": ["x", "y", "x", "y"],
            "code": ["1,2", "x,y", "3,4", "5,6"],  # text with commas stays text
            "target": [0, 1, 0, 1],
        }
    )
    frame.to_csv(path, sep=sep, decimal=",", index=False)
    task = load_file(path)
    assert task.X["a"].dtype == float
    np.testing.assert_array_equal(task.X["a"], frame["a"])
    assert task.X["code"].tolist() == ["1,2", "x,y", "3,4", "5,6"]
    path.write_text("a;target\n1.234,5;0\n-0,5;1\n2;0\n")  # dots grouping thousands
    assert load_file(path).X["a"].tolist() == [1234.5, -0.5, 2.0]
    path.write_text('a,target\n"1,5",0\n"2,5",1\n')  # separated by commas: left as text
    assert load_file(path).X["a"].tolist() == ["1,5", "2,5"]
    # separated by tabs, "1,234" may be a thousand: only a semicolon says it is not
    path.write_text("a\ttarget\n1,234\t0\n2,500\t1\n")
    assert load_file(path).X["a"].tolist() == ["1,234", "2,500"]
    path.write_text("a;target\n1,234;0\n2,500;1\n")
    assert load_file(path).X["a"].tolist() == [1.234, 2.5]


def test_a_file_not_in_utf8_is_read_with_a_warning_or_as_told(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("city,target\nZürich,0\nGenève,1\nKöln,0\n".encode("latin-1"))
    with pytest.warns(UserWarning, match="not UTF-8 text; read it as cp1252"):
        task = load_file(path)
    assert task.X["city"].tolist() == ["Zürich", "Genève", "Köln"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_file(path, encoding="latin-1").X["city"].tolist()[0] == "Zürich"
    with pytest.raises(ValueError, match="Unknown text encoding 'nope'"):
        load_file(path, encoding="nope")
    arff_path = tmp_path / "latin.arff"
    arff_path.write_bytes(
        "@RELATION r\n@ATTRIBUTE city {Zürich,Köln}\n@ATTRIBUTE target {0,1}\n"
        "@DATA\nZürich,0\nKöln,1\n".encode("latin-1")
    )
    with pytest.warns(UserWarning, match="not UTF-8"):
        assert load_file(arff_path).X["city"].tolist() == ["Zürich", "Köln"]


def test_what_spreadsheets_and_pandas_leave_in_a_csv_is_tidied(tmp_path):
    path = tmp_path / "sheet.csv"
    # a comment line, spaces after the commas, empty trailing columns and rows
    path.write_text(
        "# exported 2026-11-25\na, b, target,,\n1, x, yes,,\n2, y, no,,\n3, x, yes,,\n,,,,\n"
    )
    task = load_file(path)
    assert list(task.X.columns) == ["a", "b"]
    assert task.X["b"].tolist() == ["x", "y", "x"]
    assert task.y.tolist() == ["yes", "no", "yes"]
    # a header that starts with '#' is a header, below a comment or not
    path.write_text("# two, comments\n#\n#id,a,target\n1,2,yes\n2,3,no\n")
    assert list(load_file(path).X.columns) == ["#id", "a"]
    path.write_text("#id;a;target\n1;2,5;yes\n2;3,5;no\n")
    assert load_file(path).X["a"].tolist() == [2.5, 3.5]
    # the row numbers DataFrame.to_csv writes are not a feature; a named or other
    # unnamed first column is
    FRAME.to_csv(path)
    assert list(load_file(path).X.columns) == ["a", "b"]
    FRAME.set_axis([5, 9, 2, 7]).to_csv(path)
    assert list(load_file(path).X.columns) == ["Unnamed: 0", "a", "b"]
    FRAME.rename_axis("id").to_csv(path)
    assert list(load_file(path).X.columns) == ["id", "a", "b"]


def test_rows_without_a_target_are_refused_or_left_out_as_asked(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("a,b,target\n1,x,yes\n2,y,\n3,x,no\n4,y,?\n5,x,yes\n")
    with pytest.raises(ValueError, match="2 missing value"):
        load_file(path)
    with pytest.warns(UserWarning, match="Left out 2 of the 5 rows.*no 'target' value"):
        task = load_file(path, missing_target="drop")
    assert task.X["a"].tolist() == [1, 3, 5]
    assert task.y.tolist() == ["yes", "no", "yes"]
    path.write_text("a,target\n1,\n2,\n")
    with pytest.raises(ValueError, match="all missing"):
        load_file(path, missing_target="drop")
    with pytest.raises(ValueError, match="missing_target must be 'error' or 'drop'"):
        load_file(path, missing_target="keep")


def test_question_mark_is_missing(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("a,target\n1,0\n?,1\n3,0\n")
    task = load_file(path)
    assert task.X["a"].isna().sum() == 1


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("a,b\n1,2\n3,4\n", "Target column 'target' not found"),
        ("a,target\n", "no data rows"),
        ("", "Could not read"),
        ("a,target\n1,\n2,\n", "all missing"),
    ],
)
def test_load_file_bad_content(tmp_path, content, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=match):
        load_file(path)


def test_load_file_truncated_gzip(tmp_path):
    path = tmp_path / "cut.csv.gz"
    blob = gzip.compress(("a,target\n" + "1,0\n" * 5000).encode())
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(ValueError, match="Could not read"):
        load_file(path)


def _compressed(path: Path, text: str) -> Path:
    """Write ``text`` compressed as ``path``'s last suffix says (a zip holds one file
    named as ``path`` without it, or ``inner.csv`` for a bare ``.zip``)."""
    data = text.encode()
    kind = path.suffix
    if kind == ".zip":
        inner = path.stem if Path(path.stem).suffix else "inner.csv"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(inner, data)
    else:
        path.write_bytes({".gz": gzip, ".bz2": bz2, ".xz": lzma}[kind].compress(data))
    return path


@pytest.mark.parametrize("kind", [".gz", ".bz2", ".xz", ".zip"])
def test_compressed_text_files_are_read_as_the_file_inside(tmp_path, kind):
    # the separator, comment lines and decimal commas are read from the text inside
    # (.bz2 and .xz read as raw bytes gave one column named 'a;b;target')
    text = "# made by hand\na;b;target\n1,5;x;0\n2,5;y;1\n3,5;x;0\n4,5;y;1\n"
    task = load_file(_compressed(tmp_path / f"data.csv{kind}", text))
    assert task.name == "data"
    assert list(task.X.columns) == ["a", "b"]
    assert task.X["a"].tolist() == [1.5, 2.5, 3.5, 4.5]
    arff = load_file(_compressed(tmp_path / f"weka.arff{kind}", ARFF))
    assert arff.X.shape == (4, 2)
    # a dataset in a folder may be compressed so too
    folder = tmp_path / "corpus"
    folder.mkdir()
    _compressed(folder / f"one.tsv{kind}", "a\tb\ttarget\n1\t2\t0\n3\t4\t1\n5\t6\t0\n")
    tasks = load_folder(folder)
    assert tasks.names == ["one"]
    assert tasks["one"].X.shape == (3, 2)


def test_a_zip_is_read_when_it_holds_one_table(tmp_path):
    # data.zip: the format is the file inside's
    one = _compressed(tmp_path / "data.zip", "a;target\n1;0\n2;1\n3;0\n")
    assert load_file(one).X.columns.tolist() == ["a"]
    two = tmp_path / "two.csv.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("x.csv", "a,target\n1,0\n")
        archive.writestr("y.csv", "a,target\n1,0\n")
    with pytest.raises(ValueError, match=r"zip archive of 2 files \['x.csv', 'y.csv'\]"):
        load_file(two)
    broken = tmp_path / "broken.csv.zip"
    broken.write_bytes(b"PK not really a zip")
    with pytest.raises(ValueError, match=r"Could not read .* as a zip archive"):
        load_file(broken)
    locked = bytearray(_compressed(tmp_path / "locked.csv.zip", "a,target\n1,0\n").read_bytes())
    for header, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # mark it encrypted
        locked[locked.find(header) + flags] |= 1
    (tmp_path / "locked.csv.zip").write_bytes(bytes(locked))
    with pytest.raises(ValueError, match="is an encrypted zip archive"):
        load_file(tmp_path / "locked.csv.zip")
    cut = _compressed(tmp_path / "cut.csv.xz", "a,target\n" + "1,0\n" * 5000)
    cut.write_bytes(cut.read_bytes()[:100])
    with pytest.raises(ValueError, match="Could not read"):
        load_file(cut)


def test_names_in_the_header_are_read_without_spaces_around_them(tmp_path):
    # a spreadsheet's "target " was not found as the target
    path = tmp_path / "spaced.csv"
    path.write_text(" a ,b  ,target \n1,2,0\n3,4,1\n5,6,0\n")
    task = load_file(path)
    assert list(task.X.columns) == ["a", "b"]
    # unless that makes two names one (which look the same: said)
    path.write_text("a,a ,target\n1,2,0\n3,4,1\n5,6,0\n")
    with pytest.warns(UserWarning, match=r"names 2 columns 'a': they are read as \['a', 'a '\]"):
        assert list(load_file(path).X.columns) == ["a", "a "]


@pytest.mark.parametrize(
    "text",
    [
        "a,b,target\n1,2,0,\n4,5,1,\n7,8,0,\n",  # was: "the target is all missing"
        "target,a,b\n0,1,2,\n1,4,5,\n0,7,8,\n",  # was: target 1, 4, 7 (the column a)
        "target,a,b\r\n0,1,2,,\r\n1,4,5,,\r\n0,7,8,,\r\n",  # two more
    ],
)
def test_rows_that_end_in_a_separator_keep_their_columns(tmp_path, text):
    path = tmp_path / "trailing.csv"
    path.write_bytes(text.encode())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        task = load_file(path)
    assert sorted(task.y.tolist()) == [0, 0, 1]
    assert task.X.to_numpy().tolist() == [[1, 2], [4, 5], [7, 8]]


def test_a_nul_byte_in_the_first_rows_is_read_as_pandas_reads_it(tmp_path):
    # Python before 3.11 refuses NUL in csv.reader ("line contains NUL")
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b\x00,target\n1,2\x00,0\n3,4,1\n5,6,0\n")
    assert load_file(path).X.shape == (3, 2)


def test_rows_with_labels_the_header_does_not_name_are_said_to_have_them(tmp_path):
    # as R's write.table writes a table: the labels are not a feature
    path = tmp_path / "labelled.csv"
    path.write_text('a,target\n"car 1",1.5,0\n"car 2",2.5,1\n"car 3",3.5,0\n')
    with pytest.warns(UserWarning, match=r"hold 1 field\(s\) more than its header names"):
        task = load_file(path)
    assert list(task.X.columns) == ["a"]
    assert task.X["a"].tolist() == [1.5, 2.5, 3.5]


def test_a_name_given_to_several_columns_is_warned_of(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text('a,"a",b,target\n1,2,3,0\n4,5,6,1\n7,8,9,0\n')
    with pytest.warns(UserWarning, match=r"names 2 columns 'a': they are read as \['a', 'a.1'\]"):
        task = load_file(path)
    assert list(task.X.columns) == ["a", "a.1", "b"]
    # the target's name twice: the first is the target, as pandas and PMLB read it
    path.write_text("target,a,target\n1,2,0\n3,4,1\n5,6,0\n")
    with pytest.warns(UserWarning, match=r"the first is the target, the others are features"):
        task = load_file(path)
    assert task.y.tolist() == [1, 3, 5]
    assert list(task.X.columns) == ["a", "target.1"]
    # unnamed columns are not one name given twice
    path.write_text("a,,,target\n1,2,3,0\n4,5,6,1\n7,8,9,0\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_file(path).X.shape == (3, 3)


def test_compressed_parquet_is_refused_by_name(tmp_path):
    path = tmp_path / "data.parquet.gz"
    path.write_bytes(gzip.compress(b"PAR1"))
    with pytest.raises(ValueError, match=r"compressed parquet file.*Decompress it first"):
        load_file(path)


def test_load_file_binary_garbage(tmp_path):
    path = tmp_path / "junk.parquet"
    path.write_bytes(b"\x00\x01not parquet at all")
    _need_pyarrow()
    with pytest.raises(ValueError, match="Could not read"):
        load_file(path)


def test_load_file_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="No such file"):
        load_file(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match=r"is a folder, not a data file.*skmeta describe"):
        load_file(tmp_path)


def test_a_task_keeps_a_polars_frame_as_its_pandas_equivalent():
    pl = pytest.importorskip("polars")
    from skmeta.knowledge import build_knowledge

    rng = np.random.default_rng(0)
    X = pl.DataFrame(
        {
            "a": rng.normal(size=60),
            "b": pl.Series(rng.choice(["x", "y"], 60).tolist(), dtype=pl.Categorical),
        }
    )
    task = Task(X, rng.integers(0, 2, 60), name="polar")
    assert isinstance(task.X, pd.DataFrame)
    assert isinstance(task.X["b"].dtype, pd.CategoricalDtype)
    # the knowledge builds from it as from pandas (a pipeline encodes the categories)
    kb = build_knowledge([task], ["k_neighbors"], n_configs=2, cv=2, verbose=0)
    assert kb.scores("k_neighbors/classification", "accuracy").shape == (1, 2)


def test_task_validates_early():
    with pytest.raises(ValueError, match="different lengths"):
        Task(np.ones((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="2-D"):
        Task(np.ones(3), [0, 1, 0])
    with pytest.raises(ValueError, match="kind must be"):
        Task(np.ones((2, 2)), [0, 1], kind="other")
    X, y = np.ones((4, 2)), [0, 1, 0, 1]
    with pytest.raises(TypeError, match=r"Task name must be a str; got int 3"):
        Task(X, y, name=3)
    with pytest.raises(TypeError, match=r"metadata must be a dict; got list"):
        Task(X, y, metadata=["openml"])
    task = Task(X, y, splits=[([0, 1], [2, 3])])
    np.testing.assert_array_equal(task.splits[0][1], [2, 3])
    for splits, match in (
        (3, r"splits must be a list of \(train, test\) index pairs; got int"),
        ([([0, 9], [1])], r"split 0 holds row indices outside 0..3"),
        ([([0.5], [1])], r"split 0 must hold 1-D arrays of row indices \(integers\)"),
        ([([0, 1], [2]), (0, 1, 2)], r"split 1 must be a \(train, test\) pair"),
    ):
        with pytest.raises((TypeError, ValueError), match=match):
            Task(X, y, splits=splits)


@pytest.mark.parametrize("name", SKLEARN_DATASETS)
def test_sklearn_datasets(name):
    task = load_sklearn_dataset(name)
    assert task.source == "sklearn"
    assert task.kind == ("regression" if name == "diabetes" else "classification")
    with pytest.raises(ValueError, match="Unknown scikit-learn dataset"):
        load_sklearn_dataset("mnist")


def _write_folder(root):
    for name, kind in (("one", "classification"), ("two", "regression")):
        (root / name).mkdir()
        frame = FRAME.assign(target=[0.5, 1.5, 2.0, 3.25] if kind == "regression" else [0, 1] * 2)
        frame.to_csv(root / name / f"{name}.tsv.gz", sep="\t", index=False)
    (root / "one" / "metadata.yaml").write_text(
        "dataset: one\nfeatures:\n  - name: a\n    type: categorical\n  - name: b\n"
        "    type: categorical\n"
    )
    pd.DataFrame(
        {"name": ["one", "two"], "task": ["classification", "regression"], "group": ["g", "g"]}
    ).to_csv(root / "index.csv", index=False)


def test_load_folder_is_lazy_and_uses_index_and_metadata(tmp_path):
    _write_folder(tmp_path)
    tasks = load_folder(tmp_path)
    assert isinstance(tasks, TaskCollection)
    assert tasks.names == ["one", "two"]
    one = tasks["one"]
    assert one.categorical_features == [True, True]
    assert one.metadata["group"] == "g"
    assert tasks[1].kind == "regression"
    assert [t.name for t in tasks.select(task="regression")] == ["two"]
    assert tasks.select(["two", "one"]).names == ["two", "one"]
    with pytest.raises(KeyError, match="three"):
        tasks["three"]
    with pytest.raises(IndexError):
        tasks[5]


def test_load_folder_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_folder(tmp_path / "missing")
    with pytest.raises(ValueError, match="holds no datasets"):
        load_folder(tmp_path)
    (tmp_path / "notes.txt").write_text("not a table")
    with pytest.raises(ValueError, match="holds no datasets"):
        load_folder(tmp_path)


@pytest.mark.parametrize(
    ("encoding", "suffix"), [("utf-16", ".txt"), ("utf-16-be", ".csv.gz"), ("utf-32", ".csv")]
)
def test_text_in_utf_16_or_32_is_read_by_its_byte_order_mark(tmp_path, encoding, suffix):
    # Excel's "Unicode text": UTF-16 with tabs; it was read as cp1252, 'ÿþa\x00' a name
    text = "a\tb\ttarget\r\n1.5\tx\t0\r\n2.5\ty\t1\r\n3.5\tx\t0\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":  # that codec writes no mark itself
        data = b"\xfe\xff" + data
    path = tmp_path / f"unicode{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "not UTF-8" guess
        task = load_file(path)
    assert list(task.X.columns) == ["a", "b"]
    assert task.X["a"].tolist() == [1.5, 2.5, 3.5]


def test_an_arff_file_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    # as Notepad saves it: it was "Invalid layout of the ARFF file, at line 2"
    path = tmp_path / "notepad.arff"
    text = ARFF.split("\n", 1)[1]  # from @RELATION on: the mark is not before a comment
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    task = load_file(path)
    assert task.X.shape == (4, 2)
    assert list(task.X.columns) == ["a", "b"]


def test_arff_attributes_become_typed_columns(tmp_path):
    path = tmp_path / "weather.arff"
    path.write_text(
        "@relation weather\n"
        "@attribute outlook {sunny, overcast, rainy}\n"
        "@attribute 'wind speed' REAL\n"
        "@attribute days INTEGER\n"
        "@attribute note STRING\n"
        '@attribute when DATE "yyyy-MM-dd"\n'  # a type liac-arff cannot parse
        "@attribute play {yes, no}\n"
        "@data\n"
        "sunny,3.5,1,'a b',2020-01-01,no\n"
        "overcast,?,2,x,2020-01-02,yes\n"
        "?,1.0,3,?,?,yes\n"
    )
    task = load_file(path, target="play")
    X = task.X
    assert list(X.columns) == ["outlook", "wind speed", "days", "note", "when"]
    # nominal: the declared levels, including one no row has
    assert list(X["outlook"].cat.categories) == ["sunny", "overcast", "rainy"]
    assert X["outlook"].isna().tolist() == [False, False, True]
    assert X["wind speed"].dtype == np.float64
    assert X["wind speed"].isna().sum() == 1
    assert X["note"].tolist()[:2] == ["a b", "x"]
    assert X["note"].isna().sum() == 1
    assert X["when"].tolist()[:2] == ["2020-01-01", "2020-01-02"]  # dates as text
    assert task.kind == "classification"
    assert sorted(set(task.y)) == ["no", "yes"]
    # sparse ARFF: omitted numbers are 0, an omitted nominal its first level
    sparse_path = tmp_path / "sparse.arff"
    sparse_path.write_text(
        "@relation s\n@attribute a NUMERIC\n@attribute b NUMERIC\n@attribute c {u, v}\n"
        "@attribute target {p, q}\n@data\n{0 1, 2 v, 3 q}\n{1 2.5}\n{0 3, 3 q}\n"
    )
    sparse = load_file(sparse_path).X
    np.testing.assert_array_equal(sparse[["a", "b"]].to_numpy(), [[1, 0], [0, 2.5], [3, 0]])
    assert sparse["c"].tolist() == ["v", "u", "u"]
    broken = tmp_path / "broken.arff"
    broken.write_text("@relation b\n@attribute a NUMERIC\n@data\n1,2,3\n")
    with pytest.raises(ValueError, match=r"Could not read .*broken.arff.* as ARFF") as info:
        load_file(broken, target="a")
    assert "as a table" not in str(info.value)  # said once, not wrapped in the generic error
    assert type(info.value) is ValueError


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("data.json", "a JSON"),
        ("data.xlsx", "an Excel"),
        ("data.pkl", "a pickle"),
        ("d.npz", "a NumPy"),
    ],
)
def test_other_formats_are_refused_by_name(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes(b'[{"a": 1, "target": 0}]')
    with pytest.raises(ValueError, match=rf"is {kind} file.*CSV, TSV, Parquet"):
        load_file(path)
    # only the format's own suffix counts
    FRAME.to_csv(tmp_path / f"{name}.csv", index=False)
    assert load_file(tmp_path / f"{name}.csv").X.shape == (4, 2)


def test_openml_arff_reads_as_the_openml_client_reads_it(openml_cache):
    """OpenML's own file of dataset 2 (anneal): the same table and meta-features as
    the openml client's parse of it."""
    from skmeta.metafeatures import compute_metafeatures
    from skmeta.openml import fetch_openml_dataset

    from ..conftest import TEST_SERVER

    arff = next(openml_cache.rglob("datasets/2/dataset.arff"))
    mine = load_file(arff, target="class")
    theirs = fetch_openml_dataset(2, cache_dir=openml_cache, server=TEST_SERVER)
    assert list(mine.X.columns) == list(theirs.X.columns)
    assert mine.X.shape == (898, 38)
    np.testing.assert_equal(
        compute_metafeatures(mine, groups="all"), compute_metafeatures(theirs, groups="all")
    )


def test_load_folder_of_data_files(tmp_path):
    # the data files themselves, next to a PMLB-style sub-folder; other files ignored
    frame = pd.DataFrame(
        {"a": [0.5, 1.5, 2.5, 3.5], "b": ["x", "y", "x", "y"], "target": [0, 1, 0, 1]}
    )
    frame.to_csv(tmp_path / "flat.csv", index=False)
    frame.to_csv(tmp_path / "zipped.tsv.gz", sep="\t", index=False)
    (tmp_path / "weka.arff").write_text(
        "@relation w\n@attribute a NUMERIC\n@attribute b {x, y}\n@attribute target {0, 1}\n"
        "@data\n0.5,x,0\n1.5,y,1\n2.5,x,0\n3.5,y,1\n"
    )
    (tmp_path / "nested").mkdir()
    frame.to_csv(tmp_path / "nested" / "nested.csv", index=False)
    (tmp_path / "texty").mkdir()  # a dataset's own folder may name its file as it likes
    frame.to_csv(tmp_path / "texty" / "texty.txt", index=False)
    (tmp_path / "notes.txt").write_text("not a table")
    tasks = load_folder(tmp_path)
    assert tasks.names == ["flat", "nested", "texty", "weka", "zipped"]
    for name in tasks.names:
        task = tasks[name]
        assert task.kind == "classification"
        assert task.n_features == 2
        assert list(task.X.columns) == ["a", "b"]
    assert tasks["zipped"].metadata["path"].endswith("zipped.tsv.gz")
    # an index naming a dataset that has no file says where it looked
    pd.DataFrame({"name": ["flat", "ghost"]}).to_csv(tmp_path / "index.csv", index=False)
    tasks = load_folder(tmp_path)
    assert tasks.names == ["flat", "ghost"]
    with pytest.raises(FileNotFoundError, match=r"ghost/ghost.<ext> or ghost.<ext>"):
        tasks["ghost"]


def test_pmlb_corpus(corpus_dir):
    tasks = load_folder(corpus_dir)
    assert len(tasks) == 223
    index = tasks.index
    assert {"name", "task", "group"} <= set(index.columns)
    chess = tasks["chess"]
    assert chess.kind == "classification"
    assert chess.metadata["openml_id"] == 3
    small = tasks.select(task="regression")
    first = small[0]
    assert first.kind == "regression"
    assert first.n_samples == int(small.index.iloc[0]["n_instances"])


def test_load_file_reads_the_named_columns_as_dates(tmp_path):
    from skmeta.defaults import family_estimator
    from skmeta.metafeatures import compute_metafeatures

    path = tmp_path / "sales.csv"
    path.write_text(
        "when,x,shop,target\n2024-03-01,1,a,0\n2024-03-05,2,b,1\n2024-04-01 12:00,3,a,0\n"
    )
    task = load_file(path, dates="when")
    assert str(task.X["when"].dtype).startswith("datetime64")
    assert task.X["when"].iloc[2] == pd.Timestamp("2024-04-01 12:00", tz="UTC")
    # a number of days to the meta-features and to the family's preprocessing
    assert compute_metafeatures(task)["NumberOfNumericFeatures"] == 2
    model = family_estimator("linear", "classification", task.X).fit(task.X, task.y)
    assert model.predict(task.X).shape == (3,)
    assert load_file(path, dates=["when"]).X["when"].equals(task.X["when"])
    with pytest.raises(ValueError, match=r"dates names \['target'\], not among the feature col"):
        load_file(path, dates="target")
    with pytest.raises(ValueError, match=r"dates column 'shop' does not read as dates: 'a'"):
        load_file(path, dates="shop")
    with pytest.raises(TypeError, match=r"dates must name columns \(str or list of str\); got 0"):
        load_file(path, dates=0)
    for declared in (["when"], [0], [True, False, False]):
        with pytest.raises(ValueError, match=r"categorical_features both name \[.when.\]"):
            load_file(path, dates="when", categorical_features=declared)


def test_load_file_reads_the_categorical_columns_of_pmlbs_layout(tmp_path):
    """A file in PMLB's layout, <name>/<name>.<ext> beside a metadata.yaml, is described
    as load_folder (and the knowledge built from it) describes it."""
    from skmeta.metafeatures import compute_metafeatures

    _write_folder(tmp_path)
    one = load_file(tmp_path / "one" / "one.tsv.gz")
    assert one.categorical_features == [True, True]
    from_folder = load_folder(tmp_path)["one"]
    described = pd.Series(compute_metafeatures(one))
    pd.testing.assert_series_equal(described, pd.Series(compute_metafeatures(from_folder)))
    # and so does the dataset's own folder given as the folder
    alone = load_folder(tmp_path / "one")["one"]
    assert alone.categorical_features == [True, True]
    assert described["NumberOfSymbolicFeatures"] == 3  # a, b, the target
    # what the caller declares comes first; a file not in its own folder has no metadata
    declared = load_file(tmp_path / "one" / "one.tsv.gz", categorical_features=[0])
    assert declared.categorical_features == [0]
    other = tmp_path / "one" / "copy.tsv.gz"
    other.write_bytes((tmp_path / "one" / "one.tsv.gz").read_bytes())
    assert load_file(other).categorical_features == "auto"
    # a column read as dates is no category
    dated = tmp_path / "d" / "d.csv"
    dated.parent.mkdir()
    dated.write_text("a,when,target\n1,2024-01-02,0\n2,2024-02-03,1\n1,2024-03-04,0\n")
    (tmp_path / "d" / "metadata.yaml").write_text(
        "features:\n  - name: a\n    type: categorical\n  - name: when\n    type: categorical\n"
    )
    assert load_file(dated, dates=["when"]).categorical_features == [True, False]


def test_a_text_column_stays_categorical_whatever_pmlbs_metadata_says(tmp_path):
    folder = tmp_path / "mt"
    folder.mkdir()
    (folder / "mt.csv").write_text("a,b,target\nx,1.5,0\ny,2.5,1\nx,3.5,0\ny,1.0,1\n")
    (folder / "metadata.yaml").write_text(
        "features:\n  - name: a\n    type: continuous\n  - name: b\n    type: continuous\n"
    )
    from skmeta.metafeatures import compute_metafeatures

    for task in (load_file(folder / "mt.csv"), load_folder(tmp_path)["mt"]):
        assert task.categorical_features == [True, False]
        assert compute_metafeatures(task)["NumberOfSymbolicFeatures"] == 2
