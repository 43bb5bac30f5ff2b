import io
import json
import subprocess
import sys

import pytest

from skmeta.cli import main


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_describe_builtin_table():
    code, text = run("describe")
    assert code == 0
    assert text.startswith("breast_cancer: classification, 569 rows x 30 features")
    assert "ClassEntropy" in text
    assert "general" in text


def test_describe_file_json(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,y\n1,u,0\n2,v,1\n3,u,1\n4,v,0\n")
    code, text = run("describe", str(path), "--target", "y", "--json", "--groups", "all")
    assert code == 0
    payload = json.loads(text)
    assert payload["task"] == "d"
    assert payload["metafeatures"]["NumberOfInstances"] == 4
    assert payload["metafeatures"]["TargetMean"] is None  # undefined -> null, valid JSON
    assert "kNN1NErrRate" in payload["metafeatures"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["describe", "nope.csv"], "No such file"),
        (["describe", "{file}", "--target", "zzz"], "Target column 'zzz' not found"),
        (["describe", "{file}", "--groups", "bogus"], "Unknown meta-feature group"),
    ],
)
def test_describe_errors_are_one_line(tmp_path, capsys, argv, message):
    path = tmp_path / "d.csv"
    path.write_text("a,target\n1,0\n2,1\n")
    argv = [a.replace("{file}", str(path)) for a in argv]
    code, _ = run(*argv)
    assert code == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_console_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "skmeta", "describe", "--builtin", "iris", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["metafeatures"]["NumberOfClasses"] == 3
