"""TF903 in TF1 code: what the findings say about a TF1 summary call reached through `tf` is what TF 2.21 does.

Each probe is a TF1 summary call; it runs once through `tf.compat.v1` (the TF1 op it was written as) and once
through `tf` (what TF 2.x runs once the code imports `tensorflow as tf`), and the linter's finding on the
`tf` form in a file with TF1 evidence must name the difference observed.
"""
from __future__ import annotations

import tempfile

import numpy as np
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.compat.proto import summary_pb2

from tf2lint.engine import lint_source

IMAGES = np.zeros([5, 4, 4, 3], np.float32)
SOUND = np.zeros([5, 100, 1], np.float32)


def finding(call: str) -> str:
    """TF903's finding (``message: suggestion``) on ``call`` in TF1 code written as `import tensorflow as tf`."""
    found = [d for d in lint_source(f"import tensorflow as tf\nsess = tf.Session()\n{call}\n")
             if d.code == "TF903"]
    assert [d.severity for d in found] == ["error"], call
    return found[0].text()


def run_v1(build: str) -> summary_pb2.Summary:
    """The TF1 op ``tf.compat.v1.summary.<build>`` run in a session: the serialized summary it returns."""
    with tf.Graph().as_default():
        op = eval(f"tf.compat.v1.summary.{build}", {"tf": tf, "IMAGES": IMAGES, "SOUND": SOUND})
        with tf.compat.v1.Session() as sess:
            return summary_pb2.Summary.FromString(sess.run(op))


def run_v2(build: str, writer: bool = True) -> tuple[object, list[tuple[str, int, tuple[int, ...]]]]:
    """``tf.summary.<build>`` run eagerly (under a default writer if ``writer``): its result, and what was
    written as (tag, step, tensor shape)."""
    logdir = tempfile.mkdtemp()
    namespace = {"tf": tf, "IMAGES": IMAGES, "SOUND": SOUND}
    if writer:
        summary_writer = tf.summary.create_file_writer(logdir)
        with summary_writer.as_default():
            result = eval(f"tf.summary.{build}", namespace)
        summary_writer.flush()
    else:
        result = eval(f"tf.summary.{build}", namespace)
    events = EventAccumulator(logdir, size_guidance={"tensors": 0})
    events.Reload()
    written = [(tag, event.step, tf.make_ndarray(event.tensor_proto).shape)
               for tag in events.Tags()["tensors"] for event in events.Tensors(tag)]
    return result, written


def test_without_a_writer_the_tf2_op_writes_nothing() -> None:
    assert run_v1("scalar('loss', 1.0)").value[0].simple_value == 1.0  # TF1: the summary itself
    result, written = run_v2("scalar('loss', 1.0)", writer=False)
    assert not bool(result) and written == []
    assert "without a default writer it writes nothing (returns False)" in finding("tf.summary.scalar('loss', loss)")


def test_under_a_writer_the_tf2_op_needs_a_step() -> None:
    with pytest.raises(ValueError, match="No step set"):
        run_v2("scalar('loss', 1.0)")
    assert "it needs a `step`" in finding("tf.summary.scalar('loss', loss)")


def test_the_third_positional_argument_of_image_becomes_step() -> None:
    assert len(run_v1("image('inputs', IMAGES, 4)").value) == 4  # TF1: max_outputs=4 images
    result, [(_, step, shape)] = run_v2("image('inputs', IMAGES, 4)")
    assert bool(result) and step == 4 and shape == (2 + 3,)  # TF2: step 4, the default 3 images
    text = finding("tf.summary.image('inputs', images, 4)")
    assert "reads the third positional argument (TF1's `max_outputs`) as `step`" in text
    assert "`tf.summary.image(name, data, step=step, max_outputs=n)`" in text


def test_the_fourth_positional_argument_of_audio_becomes_step() -> None:
    assert len(run_v1("audio('sound', SOUND, 16000, 2)").value) == 2  # TF1: max_outputs=2 clips
    result, [(_, step, shape)] = run_v2("audio('sound', SOUND, 16000, 2)")
    assert bool(result) and step == 2 and shape == (3, 2)  # TF2: step 2, the default 3 clips
    assert "reads the fourth positional argument (TF1's `max_outputs`) as `step`" in finding(
        "tf.summary.audio('sound', sound, 16000, 2)")


def test_the_third_positional_argument_of_scalar_becomes_step() -> None:
    """TF1's `collections` list is read as the step: under a writer TF 2.x rejects the list as a step."""
    assert run_v1("scalar('loss', 1.0, ['train'])").value[0].simple_value == 1.0
    with pytest.raises((TypeError, ValueError)):
        run_v2("scalar('loss', 1.0, ['train'])")
    assert "reads the third positional argument (TF1's `collections`) as `step`" in finding(
        "tf.summary.scalar('loss', loss, ['train'])")


def test_tf1_keywords_raise() -> None:
    assert run_v1("scalar('loss', 1.0, family='train')").value[0].tag == "train/train/loss"
    with pytest.raises(TypeError, match="family"):
        run_v2("scalar('loss', 1.0, family='train')", writer=False)
    assert finding("tf.summary.scalar('loss', loss, family='train')").startswith(
        "`tf.summary.scalar` is a TF1 summary op")


def test_the_suggested_calls_write_what_tf1_wrote() -> None:
    """The advice: keyword arguments and a step, under a writer."""
    result, [(_, step, shape)] = run_v2("image('inputs', IMAGES, step=7, max_outputs=4)")
    assert bool(result) and step == 7 and shape == (2 + 4,)
    assert "keep the TF1 op as `tf.compat.v1.summary.image`" in finding("tf.summary.image('inputs', images, 4)")
