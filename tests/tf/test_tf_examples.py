"""Every rule's "Use instead" example runs under TF 2.21 / Keras 3, on small stand-in values.

Each example is executed as written in tf2lint/rules (the text docs/rules.md shows). SETUP gives the
names the example assumes (`model`, `x`, `ds`, ...); CHECK, where there is one, runs the code the
example defines (calls the `tf.function`, iterates the dataset) so that defining it is not all it does.
"""
from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tf2lint.rules import RULES

#: Stand-ins every example may use; `tmp` is a fresh directory.
COMMON = """
x = tf.random.normal([4, 8])
y = tf.random.normal([4, 3])
t = x
h = x
data = x
batch = x
keep_prob = 0.8
step = 1
loss = tf.constant(0.5)
data_loss = tf.constant(0.5)
path = str(tmp / "file.txt")
open(path, "w").close()
logdir = str(tmp / "logs")
d = str(tmp / "ckpt_dir")
model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
model(x)
opt = optimizer = tf.keras.optimizers.SGD(0.1)
loss_fn = tf.keras.losses.MeanSquaredError()
ds = dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(2)
writer = tf.summary.create_file_writer(logdir)
"""

#: Per-rule stand-ins beyond COMMON.
SETUP: dict[str, str] = {
    "TF102": "def main(argv):\n    return None",
    "TF111": "c = tf.constant([[1 + 2j]])",
    "TF113": "teacher, student = tf.random.normal([4, 3]), tf.random.normal([4, 3])",
    "TF116": "targets, logits = tf.nn.softmax(tf.random.normal([4, 3])), tf.random.normal([4, 3])",
    "TF114": "logits = tf.random.normal([4, 3])",
    "TF120": "a, b = x, x",
    "TF302": "xb, yb = x, y",
    "TF316": "def compute_loss():\n    return tf.reduce_sum(x)",
    "TF317": "xb, yb = x, x\n@tf.function\ndef train_step(xb, yb):\n    return tf.reduce_sum(xb - yb)",
    "TF303": "compute = lambda: 1",
    "TF304": "compute_loss = tf.function(lambda b: tf.reduce_sum(b))",
    "TF403": "Tower = lambda: tf.keras.layers.Dense(2)\nx1, x2 = x, x + 1.0",
    "TF404": "class Net(tf.Module):\n    def __call__(self, x):\n        return x",
    "TF405": "with tf.GradientTape() as tape:\n    loss = tf.reduce_sum(model(x))",
    "TF408": "encoder = tf.keras.layers.Dense(2)\nencoder(x)\n"
             "path = tf.train.Checkpoint(encoder=encoder).save(str(tmp / 'enc'))",
    "TF409": "export_dir = str(tmp / 'saved')\n"
             "module = tf.Module()\nmodule.v = tf.Variable(1.0)\ntf.saved_model.save(module, export_dir)",
    "TF501": "self = types.SimpleNamespace(activations=[])",
    "TF601": "v = tf.Variable(tf.zeros_like(x))",
    "TF603": "v = tf.Variable(0.0)\nupdate_a = lambda: v.assign_add(1.0)\nupdate_b = lambda: v.assign_add(2.0)",
    "TF702": "loss_fn = lambda: tf.reduce_sum(model(x))",
    "TF703": "loss_fn = lambda: tf.reduce_sum(model(x))\nvariables = model.trainable_variables",
    "TF706": "import os\nmodel.compile(optimizer='sgd', loss='mse')",
    "TF708": "model.compile(optimizer='sgd', loss='mse')\nloss_fn = 'mse'",
    "TF710": "x = tf.random.normal([2, 5, 8])",
    "TF711": "y = tf.one_hot([0, 2, 1, 0], 3)\nlogits = tf.random.normal([4, 3])",
    "TF712": "labels = tf.constant([1, 2, 3])\npredictions = tf.constant([1, 2, 0])",
    "TF801": "files = [str(tmp / 'a'), str(tmp / 'b')]",
    "TF804": "gen = lambda: iter([1.0, 2.0])\nspec = tf.TensorSpec([], tf.float32)",
    "TF805": "files = [str(tmp / 'r.tfrecord')]\n"
             "with tf.io.TFRecordWriter(files[0]) as w:\n    w.write(b'record')",
}

#: Code run after the example, to use what it defined (`result` must then hold).
CHECK: dict[str, str] = {
    "TF316": "assert float(loss_value) == float(tf.reduce_sum(x))",
    "TF317": "assert float(loss) == 0.0",
    "TF120": "assert tuple(y.shape) == (4, 16)",
    "TF103": "assert tf.reduce_all(tf.math.is_nan(y) | (y == tf.math.log(x)))",
    "TF110": "assert h.shape == x.shape",
    "TF111": "assert counts.shape == (1000, 1) and ct.numpy().tolist() == [[1 + 2j]]",
    "TF112": "assert abs(float(tf.math.reduce_std(init([200, 200]))) - 1.0) < 0.05",
    "TF113": "assert loss.shape == (4,)",
    "TF116": "assert loss.shape == (4,)",
    "TF114": "assert pred.shape == (4,)",
    "TF201": "assert step(x).shape == (4, 3)",
    "TF203": "assert n == 4",
    "TF301": "assert compute(data).shape == (4, 3)",
    "TF302": "assert float(loss_val) == 0.5",
    "TF304": "assert isinstance(value, np.floating)",
    "TF306": "model2 = tf.keras.Sequential([tf.keras.layers.Dense(3)])\nmodel = model2\n"
             "assert predict(tf.zeros([2, 784])).shape == (2, 3)",
    "TF308": "assert callable(tf.config.experimental.set_memory_growth)",
    "TF309": "assert y.shape == (4, 3)",
    "TF401": "assert Dense().w.shape == (784, 10)",
    "TF402": "enc = Encoder()\nenc.dense = tf.keras.layers.Dense(2)\nassert enc(x).shape == (4, 2)",
    "TF403": "assert tower.kernel is not None and y1.shape == y2.shape",
    "TF405": "assert len(grads) == 2 and all(g is not None for g in grads)",
    "TF407": "assert tf.train.latest_checkpoint('ckpt')",
    "TF409": "assert float(loaded.v) == 1.0",
    "TF503": "assert y.shape == x.shape",
    "TF601": "assert tf.reduce_all(v == x)",
    "TF603": "update()\nassert float(v) == 3.0",
    "TF702": "assert int(opt.iterations) == 1",
    "TF703": "assert int(opt.iterations) == 1",
    "TF705": "assert abs(float(lr(1000)) - 0.096) < 1e-6",
    "TF706": "assert os.path.exists(os.path.join(d, 'model.keras'))",
    "TF709": "assert h.shape == (4, 128)",
    "TF710": "assert out.shape == (2, 5, 64)",
    "TF711": "assert abs(float(loss) - float(tf.reduce_mean("
             "tf.nn.softmax_cross_entropy_with_logits(y, logits)))) < 1e-5",
    "TF712": "assert abs(float(acc.result()) - 2 / 3) < 1e-6",
    "TF801": "assert len(list(ds)) == 10",
    "TF802": "assert len(list(ds)) == 1",
    "TF804": "assert [float(e) for e in ds] == [1.0, 2.0]",
    "TF805": "assert [bytes(r.numpy()) for r in ds] == [b'record']",
    "TF807": "assert isinstance(spec, tuple)",
    "TF901": "assert tf.io.gfile.listdir(logdir)",
    "TF904": "assert n == 8",
}

#: Third-party packages an example imports that the TensorFlow environment does not have: the import
#: line is checked to name that package and left out; the rest of the example still runs.
NOT_INSTALLED = {"tf_slim"}

#: Examples that raise ValueError under TF 2.21 / Keras 3 as written (audit Part A); strict, so a fix
#: makes the test fail until the entry is removed.
KNOWN_BROKEN: dict[str, str] = {
}


def runnable(source: str) -> str:
    """The example with imports of NOT_INSTALLED packages taken out."""
    lines = []
    for line in source.splitlines():
        words = line.split()
        if words[:1] == ["import"] and words[1] in NOT_INSTALLED:
            continue
        lines.append(line)
    return "\n".join(lines)


def case(code: str) -> object:
    broken = KNOWN_BROKEN.get(code)
    marks = [pytest.mark.xfail(strict=True, raises=ValueError, reason=broken)] if broken else []
    return pytest.param(code, id=code, marks=marks)


@pytest.mark.parametrize("code", [case(c) for c in sorted(RULES)])
def test_use_instead_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["example"])  # absl's app.run parses sys.argv
    tf.keras.backend.clear_session()
    namespace: dict[str, Any] = {"tf": tf, "np": np, "types": types, "tmp": tmp_path}
    exec(COMMON, namespace)  # noqa: S102 - fixed stand-in code above
    exec(textwrap.dedent(SETUP.get(code, "")), namespace)  # noqa: S102
    example = RULES[code].instead
    try:
        exec(compile(runnable(example), f"<{code} instead>", "exec"), namespace)  # noqa: S102
    except SystemExit as exit_:  # app.run(main) ends the program with main's return value
        assert exit_.code in (None, 0)
    exec(CHECK.get(code, ""), namespace)  # noqa: S102


def test_not_installed_imports_are_real_package_names() -> None:
    # The examples import these by their PyPI-installed module names; nothing else is left out.
    left_out = {line.split()[1] for rule in RULES.values() for line in rule.instead.splitlines()
                if line.startswith("import ") and line.split()[1] in NOT_INSTALLED}
    assert left_out == NOT_INSTALLED
