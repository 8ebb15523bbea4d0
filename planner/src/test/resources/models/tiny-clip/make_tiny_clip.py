"""Writes the tiny CLIP-shaped ONNX graphs of the planner's CLIP tests (ClipTest).

They have the input and output names of a Hugging Face CLIP export (optimum's, or
CLIPVisionModelWithProjection / CLIPTextModelWithProjection exported one by one) but weights given
by formulas, so the test computes the expected vectors itself:

- text:  text_embeds[b, d]  = sum over t of attention_mask[b, t] * E[input_ids[b, t] mod 97, d],
         E[v, d] = sin(0.37 v + 1.1 d)
- image: image_embeds[b, d] = sum over f of P[b, f] * W[f, d], W[f, d] = cos(0.13 f + 0.7 d) / 10,
         P[b] the means of pixel_values over 28 x 28 blocks, flattened as (channel, row, column)

Files: tiny-clip.onnx (both towers in one graph), tiny-clip-image.onnx and tiny-clip-text.onnx
(one tower each), tiny-clip-bad.onnx (pixel_values of one channel: a shape Sheaf refuses).
Run: python3 make_tiny_clip.py (onnx >= 1.14, numpy).
"""

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DIM = 8
VOCAB = 97
SIZE = 224
BLOCK = 28
CELLS = SIZE // BLOCK


def weights():
    v, d = np.meshgrid(np.arange(VOCAB), np.arange(DIM), indexing="ij")
    e = np.sin(0.37 * v + 1.1 * d).astype(np.float32)
    f, d = np.meshgrid(np.arange(3 * CELLS * CELLS), np.arange(DIM), indexing="ij")
    w = (np.cos(0.13 * f + 0.7 * d) / 10).astype(np.float32)
    return e, w


def text_nodes():
    return [
        helper.make_node("Mod", ["input_ids", "vocab"], ["ids_mod"]),
        helper.make_node("Gather", ["E", "ids_mod"], ["token_vectors"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last_axis"], ["mask_3"]),
        helper.make_node("Mul", ["token_vectors", "mask_3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "seq_axis"], ["text_embeds"], keepdims=0),
    ]


def image_nodes(channels):
    return [
        helper.make_node("Reshape", ["pixel_values", "blocks_shape"], ["blocks"]),
        helper.make_node("ReduceMean", ["blocks", "block_axes"], ["means"], keepdims=0),
        helper.make_node("Reshape", ["means", "flat_shape"], ["flat"]),
        helper.make_node("MatMul", ["flat", "W"], ["image_embeds"]),
    ]


def graph(text, image, channels=3):
    e, w = weights()
    nodes, inputs, outputs, inits = [], [], [], []
    if text:
        nodes += text_nodes()
        inputs += [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["text_batch", "sequence"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["text_batch", "sequence"]
            ),
        ]
        outputs.append(helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["text_batch", DIM]))
        inits += [
            numpy_helper.from_array(e, "E"),
            numpy_helper.from_array(np.array(VOCAB, np.int64), "vocab"),
            numpy_helper.from_array(np.array([2], np.int64), "last_axis"),
            numpy_helper.from_array(np.array([1], np.int64), "seq_axis"),
        ]
    if image:
        nodes += image_nodes(channels)
        inputs.append(
            helper.make_tensor_value_info(
                "pixel_values", TensorProto.FLOAT, ["image_batch", channels, SIZE, SIZE]
            )
        )
        outputs.append(
            helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["image_batch", DIM])
        )
        inits += [
            numpy_helper.from_array(w[: channels * CELLS * CELLS], "W"),
            numpy_helper.from_array(
                np.array([-1, channels, CELLS, BLOCK, CELLS, BLOCK], np.int64), "blocks_shape"
            ),
            numpy_helper.from_array(np.array([3, 5], np.int64), "block_axes"),
            numpy_helper.from_array(np.array([-1, channels * CELLS * CELLS], np.int64), "flat_shape"),
        ]
    g = helper.make_graph(nodes, "tiny_clip", inputs, outputs, inits)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    here = Path(__file__).resolve().parent
    onnx.save(graph(True, True), here / "tiny-clip.onnx")
    onnx.save(graph(False, True), here / "tiny-clip-image.onnx")
    onnx.save(graph(True, False), here / "tiny-clip-text.onnx")
    onnx.save(graph(True, True, channels=1), here / "tiny-clip-bad.onnx")


if __name__ == "__main__":
    main()
