"""The example programs: the TF1 one shows every rule family, its TF2 migration lints clean and trains."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import tf2lint
from tf2lint import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TF1_EXAMPLE = EXAMPLES / "tf1_train.py"
TF2_EXAMPLE = EXAMPLES / "tf2_train.py"
ALL_FAMILIES = {f"TF{family}" for family in range(1, 10)}


def test_tf1_example_has_findings_of_every_family() -> None:
    findings = tf2lint.lint_file(TF1_EXAMPLE, noqa=False)
    families = {diagnostic.code[:3] for diagnostic in findings}
    assert families >= ALL_FAMILIES, f"no findings of {sorted(ALL_FAMILIES - families)}"


def test_tf2_example_lints_clean() -> None:
    assert tf2lint.lint_file(TF2_EXAMPLE, noqa=False) == []


def test_tf2_example_lints_clean_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([str(TF2_EXAMPLE)]) == 0
    assert capsys.readouterr().out == ""


def load_tf2_example():
    spec = importlib.util.spec_from_file_location("tf2_train_example", TF2_EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tf2_example_trains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tf = pytest.importorskip("tensorflow")
    example = load_tf2_example()

    result = example.main(steps=30, logdir=str(tmp_path))

    losses = result["losses"]
    assert len(losses) == 30
    assert sum(losses[-5:]) / 5 < sum(losses[:5]) / 5, losses
    assert 0.0 <= result["accuracy"] <= 1.0

    # The checkpoint is in logdir, is the latest one, and restores into a fresh model.
    assert Path(result["checkpoint"]).parent == tmp_path
    assert tf.train.latest_checkpoint(str(tmp_path)) == result["checkpoint"]
    assert Path(result["checkpoint"] + ".index").is_file()
    restored = example.Classifier()
    tf.train.Checkpoint(model=restored).restore(result["checkpoint"]).expect_partial() \
        .assert_existing_objects_matched()

    # Summaries need the tensorboard package; without it the example says so and skips them.
    events = list(tmp_path.glob("events.out.tfevents.*"))
    if example.summaries_available():
        assert result["summaries"] and events
    else:
        assert not result["summaries"] and not events
        assert "tensorboard is not installed" in capsys.readouterr().out
