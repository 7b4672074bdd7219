"""tests/tf runs tf2lint's TensorFlow knowledge under TensorFlow itself (a TF venv only; see .ci/run).

tf2lint never imports TensorFlow; these tests do, to check that what the tables and the advice say is
what TensorFlow 2.21 / Keras 3 does.
"""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402


def pytest_report_header() -> str:
    return f"tensorflow {tf.__version__}, keras {tf.keras.__version__}"
