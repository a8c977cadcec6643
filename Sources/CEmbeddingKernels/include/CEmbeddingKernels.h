#ifndef BEVGENIE_CEMBEDDINGKERNELS_H
#define BEVGENIE_CEMBEDDINGKERNELS_H

#include <stddef.h>
#include <stdint.h>

// The sentence-embedding model's linear layers as bfloat16 dot products with float32 accumulation (AVX-512 BF16,
// `vdpbf16ps`), for CPUs that have them; SentenceEmbedding's BertEncoder falls back to OpenBLAS's float32
// `cblas_sgemm` elsewhere. See BertEncoder's doc comment for why (measured speed and accuracy).

/// 1 when this CPU (and OS) runs the kernels below: AVX-512 F, BW and BF16. Checked once.
int bg_embed_has_bf16_kernels(void);

/// Rounds `count` floats to bfloat16 (to nearest, ties to even), as the products below read them. Runs on any CPU
/// (AVX-512 where it has it); the other functions of this block need bg_embed_has_bf16_kernels().
void bg_embed_to_bf16(const float *source, size_t count, uint16_t *target);

/// c[i][j] = sum_p a[i][p] * w[j][p] + bias[j] (+ residual[i][j] when residual is not NULL), for rows i in [0, m)
/// and output columns j in [column_begin, column_end). a is m x k bfloat16 (row stride k); w is n x k bfloat16,
/// a linear layer's weight as PyTorch stores it (out x in); c and residual are m x n float32 (row stride n). The
/// products accumulate in float32. Columns are independent, so threads may each take their own column range.
void bg_embed_linear_bf16(const uint16_t *a, int m, int k, const uint16_t *w, int n, const float *bias,
                          const float *residual, int column_begin, int column_end, float *c);

/// Self-attention of one head over one text's n tokens, in float32: for each query row i, softmax over j of
/// scale * q_i . k_j, times v_j, into context row i. q_i is qkv + i * stride (d floats), k_j and v_j are at
/// key_offset and value_offset from row j's start; context rows are context_stride apart. scratch holds
/// (d + 1) * (n rounded up to 16) floats.
void bg_embed_attention(const float *qkv, int stride, int n, int d, int key_offset, int value_offset, float scale,
                        float *context, int context_stride, float *scratch);

/// In-place LayerNorm of each row: (x - mean) / sqrt(var + eps) * gamma + beta, the variance biased as PyTorch's.
void bg_embed_layer_norm(float *data, int rows, int width, const float *gamma, const float *beta, float epsilon);

/// Exact GELU of `count` floats (erf-based, as BERT's), rounded to bfloat16 into target.
void bg_embed_gelu_to_bf16(const float *source, size_t count, uint16_t *target);

// For CPUs with AVX2 and FMA but no AVX-512 BF16: the linear layers with bfloat16 weights and float32 activations
// and accumulation. The weights are packed once, at load, into panels of 16 output columns, input-major (the
// layout a broadcast-and-FMA kernel reads in order), so a product neither repacks the weights, as OpenBLAS does on
// every call, nor reads more than half the bytes of float32 weights.

/// 1 when this CPU runs the panel kernels below: AVX2 and FMA. Checked once.
int bg_embed_has_panel_kernels(void);

/// Output columns per panel: n must be a multiple of it.
#define BG_EMBED_PANEL_WIDTH 16

/// Packs w (n x k float32, out x in as PyTorch stores it; n a multiple of 16) into panels: element (j, p) goes to
/// panels[(j / 16) * 16 * k + p * 16 + j % 16], rounded to bfloat16 (to nearest, ties to even).
void bg_embed_pack_panels(const float *w, int n, int k, uint16_t *panels);

/// c[i][j] += sum_p a[i][p] * w[j][p] for rows i in [0, m) and columns j in [column_begin, column_end) (multiples
/// of 16), w packed by bg_embed_pack_panels; a is m x k float32 (row stride k), c is m x n float32 (row stride n).
/// Columns are independent, so threads may each take their own column range.
void bg_embed_linear_panels(const float *a, int m, int k, const uint16_t *panels, int n, int column_begin,
                            int column_end, float *c);

#endif
