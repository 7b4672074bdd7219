"""A small TF1 training program: the kind of code tf2lint is for.

It trains a two-layer classifier on synthetic data with placeholders, variable scopes, a v1 optimizer,
a one-shot dataset iterator, graph collections, summaries, a Saver and a Session loop.
"""
import os
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

FEATURES, CLASSES, BATCH = 20, 3, 32
LOGDIR = os.path.join(tempfile.gettempdir(), "tf1_train")


def make_data(n=512, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, FEATURES).astype(np.float32)
    y = (x[:, :CLASSES].argmax(axis=1)).astype(np.int64)
    return x, y


def dense(x, units, name, activation=None):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", [x.get_shape()[1].value, units],
                            initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [units], initializer=tf.zeros_initializer())
        tf.add_to_collection("weights", w)
        y = tf.matmul(x, w) + b
        return activation(y) if activation else y


def model(x, keep_prob):
    h = dense(x, 64, "hidden", tf.nn.relu)
    h = tf.nn.dropout(h, keep_prob)
    return dense(h, CLASSES, "logits")


def main():
    x_data, y_data = make_data()
    dataset = tf.data.Dataset.from_tensor_slices((x_data, y_data)).shuffle(512).repeat().batch(BATCH)
    features, labels = dataset.make_one_shot_iterator().get_next()

    x = tf.placeholder_with_default(features, [None, FEATURES])
    keep_prob = tf.placeholder(tf.float32, [])
    logits = model(x, keep_prob)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    loss += 1e-4 * tf.add_n([tf.nn.l2_loss(w) for w in tf.get_collection("weights")])
    accuracy = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(logits, 1), labels)))

    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.1, global_step, 100, 0.9)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = optimizer.minimize(loss, global_step=global_step)

    tf.summary.scalar("loss", loss)
    tf.summary.scalar("accuracy", accuracy)
    merged = tf.summary.merge_all()
    saver = tf.train.Saver()

    with tf.Session() as sess:
        writer = tf.summary.FileWriter(LOGDIR, sess.graph)
        sess.run(tf.global_variables_initializer())
        for step in range(200):
            _, loss_value, summary = sess.run([train_op, loss, merged], feed_dict={keep_prob: 0.9})
            writer.add_summary(summary, step)
            if step % 50 == 0:
                print(step, loss_value, accuracy.eval(feed_dict={keep_prob: 1.0}))
        saver.save(sess, os.path.join(LOGDIR, "model.ckpt"), global_step=global_step)


if __name__ == "__main__":
    main()
