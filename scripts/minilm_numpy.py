"""all-MiniLM-L6-v2's forward pass in numpy, over the same model.safetensors bevgenie reads.

Used by scripts/reference_embeddings.py (float64, when sentence-transformers cannot be installed) and by
scripts/peer_embed_bench.py (float32, the Python peer of `bevgenie bench embed` when sentence-transformers is
absent). Token ids come from Hugging Face `tokenizers` (tokenizer.json) when installed.
"""
import json
import math
import os
import struct

import numpy as np


def load_safetensors(path, dtype):
    with open(path, "rb") as handle:
        length = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(length))
        data = handle.read()
    kinds = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=kinds[info["dtype"]]).reshape(info["shape"])
        tensors[name] = array.astype(dtype) if info["dtype"].startswith("F") else array
    return tensors


class MiniLM:
    def __init__(self, directory, dtype=np.float32):
        self.dtype = dtype
        self.config = json.load(open(os.path.join(directory, "config.json")))
        self.t = load_safetensors(os.path.join(directory, "model.safetensors"), dtype)
        self.eps = self.config["layer_norm_eps"]
        self.heads = self.config["num_attention_heads"]
        self.layers = self.config["num_hidden_layers"]
        try:
            from tokenizers import Tokenizer
            self.tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
            self.tokenizer.no_padding()
            self.tokenizer.enable_truncation(256)
        except ImportError:
            self.tokenizer = None

    def tokenize(self, text):
        if self.tokenizer is None:
            raise SystemExit("minilm_numpy: token ids need Hugging Face tokenizers: pip install tokenizers "
                             "(or run with a Python that has sentence-transformers)")
        return self.tokenizer.encode(text).ids

    def layer_norm(self, x, prefix):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.t[prefix + ".weight"] + self.t[prefix + ".bias"]

    def linear(self, x, prefix):
        return x @ self.t[prefix + ".weight"].T + self.t[prefix + ".bias"]

    def embed_batch(self, batch_ids):
        """Padded to the longest, with an attention mask, as transformers does."""
        t = self.t
        n = max(len(ids) for ids in batch_ids)
        ids = np.zeros((len(batch_ids), n), dtype=np.int64)
        mask = np.zeros((len(batch_ids), n), dtype=self.dtype)
        for row, sequence in enumerate(batch_ids):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:n] \
            + t["embeddings.token_type_embeddings.weight"][0]
        x = self.layer_norm(x, "embeddings.LayerNorm")
        b, hidden = x.shape[0], x.shape[2]
        d = hidden // self.heads
        bias = (1.0 - mask)[:, None, None, :] * np.finfo(self.dtype).min
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            def split(y):
                return y.reshape(b, n, self.heads, d).transpose(0, 2, 1, 3)
            q = split(self.linear(x, p + "attention.self.query"))
            k = split(self.linear(x, p + "attention.self.key"))
            v = split(self.linear(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, hidden)
            x = self.layer_norm(self.linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            inner = self.linear(x, p + "intermediate.dense")
            inner = 0.5 * inner * (1.0 + erf_array(inner / math.sqrt(2.0)))
            x = self.layer_norm(self.linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def erf_array(x):
    """erf over an array: scipy when present, else the standard library's erf element-wise (exact, slower)."""
    try:
        from scipy.special import erf
        return erf(x)
    except ImportError:
        return np.vectorize(math.erf, otypes=[x.dtype])(x)
