#!/usr/bin/env python3
"""The Python peer of `bevgenie bench embed`: the same model directory, question and chunks, on the same cores.

sentence-transformers on PyTorch when it is importable (the reference implementation; torch.set_num_threads to the
given thread count), else the numpy forward pass of scripts/minilm_numpy.py (float32, numpy's OpenBLAS limited to
the same threads by OPENBLAS_NUM_THREADS, set before numpy loads) with Hugging Face `tokenizers` for the ids.
With PyTorch it also measures int8: torch's dynamic quantisation of every Linear layer (fbgemm kernels), its speed
and its cosine to fp32, the figure behind bevgenie's fp32 choice.

usage: peer_embed_bench.py MODEL_DIR INPUT_JSON   (input: {"question", "chunks", "iterations", "threads"})
Prints one JSON object.
"""
import json
import os
import sys
import time

directory, input_path = sys.argv[1], sys.argv[2]
job = json.load(open(input_path))
threads = int(job["threads"])
os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
os.environ["OMP_NUM_THREADS"] = str(threads)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, fraction):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
    return ordered[rank]


def timed_questions(encode, question, iterations):
    for _ in range(5):
        encode([question])
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        encode([question])
        samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 0.5), percentile(samples, 0.99)


def timed_chunks(encode, chunks):
    encode(chunks[:8])
    start = time.perf_counter()
    vectors = encode(chunks)
    return len(chunks) / (time.perf_counter() - start), vectors


result = {}
try:
    import torch
    from sentence_transformers import SentenceTransformer
    have_torch = True
except ImportError:
    have_torch = False

import numpy as np

rss_before = rss_mb()
if have_torch:
    import sentence_transformers
    torch.set_num_threads(threads)
    start = time.perf_counter()
    model = SentenceTransformer(directory, device="cpu")
    load_ms = (time.perf_counter() - start) * 1000
    result["implementation"] = "sentence-transformers {} / torch {}".format(sentence_transformers.__version__, torch.__version__)

    def encode(texts, active=model):
        with torch.inference_mode():
            return active.encode(texts, batch_size=32, convert_to_numpy=True)
else:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from minilm_numpy import MiniLM
    start = time.perf_counter()
    model = MiniLM(directory, dtype=np.float32)
    load_ms = (time.perf_counter() - start) * 1000
    result["implementation"] = "numpy {} forward pass (scripts/minilm_numpy.py)".format(np.__version__)

    def encode(texts):
        # Sorted by length and padded per batch of 32, as sentence-transformers does.
        ids = [model.tokenize(text) for text in texts]
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        out = [None] * len(ids)
        for begin in range(0, len(order), 32):
            batch = order[begin:begin + 32]
            for index, vector in zip(batch, model.embed_batch([ids[i] for i in batch])):
                out[index] = vector
        return np.array(out)

result["load_ms"] = load_ms
result["question_p50_ms"], result["question_p99_ms"] = timed_questions(encode, job["question"], int(job["iterations"]))
result["chunks_per_s"], fp32_vectors = timed_chunks(encode, job["chunks"])
result["rss_without_model_mb"] = rss_before
result["rss_with_model_mb"] = rss_mb()

if have_torch:
    quantized = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    encode_int8 = lambda texts: encode(texts, active=quantized)
    result["int8_question_p50_ms"], _ = timed_questions(encode_int8, job["question"], int(job["iterations"]))
    result["int8_chunks_per_s"], int8_vectors = timed_chunks(encode_int8, job["chunks"])
    cosines = (fp32_vectors * int8_vectors).sum(1) / (
        np.linalg.norm(fp32_vectors, axis=1) * np.linalg.norm(int8_vectors, axis=1))
    result["int8_min_cosine_to_fp32"] = float(cosines.min())
    result["int8_mean_cosine_to_fp32"] = float(cosines.mean())

print(json.dumps(result))
