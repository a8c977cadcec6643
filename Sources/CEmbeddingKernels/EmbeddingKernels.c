#include "CEmbeddingKernels.h"

// float32 -> bfloat16, to nearest, ties to even (the weights are finite: no NaN case).
static inline uint16_t round_to_bf16(float value) {
    uint32_t u;
    __builtin_memcpy(&u, &value, 4);
    u += 0x7fff + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

void bg_embed_pack_panels(const float *w, int n, int k, uint16_t *panels) {
    // One panel at a time: its 16 source rows (24 KB for k = 384) stay in L1 while they are read across, and each
    // input's 16 values are gathered on the stack and stored as one 32-byte run (storing them one by one, row by
    // row, took five times as long: 145 ms of a model load).
    for (int j0 = 0; j0 < n; j0 += BG_EMBED_PANEL_WIDTH) {
        uint16_t *panel = panels + (size_t)j0 * k;
        for (int p = 0; p < k; p++) {
            uint16_t column[BG_EMBED_PANEL_WIDTH];
            for (int jj = 0; jj < BG_EMBED_PANEL_WIDTH; jj++) column[jj] = round_to_bf16(w[(size_t)(j0 + jj) * k + p]);
            __builtin_memcpy(panel + (size_t)p * BG_EMBED_PANEL_WIDTH, column, sizeof column);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

int bg_embed_has_bf16_kernels(void) {
    // Threads may race to fill it; they store the same value, atomically.
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512bf16") ? 1 : 0;
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
}

#define TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512bf16,fma,avx2")))

// A block of ROWS rows x COLS output columns keeps ROWS * COLS = 24 accumulators in registers (of 32), and loads
// COLS weight vectors + ROWS activation vectors per 32 products of each: compute-bound, not load-bound.
#define ROWS 6
#define COLS 4

// bg_embed_to_bf16 where the CPU has AVX-512 BF16 (the same rounding, 32 values per instruction).
TARGET static void to_bf16_avx512(const float *source, size_t count, uint16_t *target) {
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(source + i + 16), _mm512_loadu_ps(source + i));
        _mm512_storeu_si512((void *)(target + i), (__m512i)pair);
    }
    if (i < count) {
        __mmask16 low = (__mmask16)(count - i >= 16 ? 0xffff : (1u << (count - i)) - 1);
        __mmask16 high = (__mmask16)(count - i <= 16 ? 0 : (1u << (count - i - 16)) - 1);
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(high, source + i + 16),
                                            _mm512_maskz_loadu_ps(low, source + i));
        _mm512_mask_storeu_epi16(target + i, (__mmask32)((1ull << (count - i)) - 1), (__m512i)pair);
    }
}

void bg_embed_to_bf16(const float *source, size_t count, uint16_t *target) {
    // Any x86-64 may call it (the panel kernels' CPUs, tests): the AVX-512 loop only where it runs.
    if (bg_embed_has_bf16_kernels()) {
        to_bf16_avx512(source, count, target);
        return;
    }
    for (size_t i = 0; i < count; i++) target[i] = round_to_bf16(source[i]);
}

// The 16 lanes of each of four vectors summed: lane c of the result is the sum of v[c].
TARGET static inline __m128 sum4(__m512 v0, __m512 v1, __m512 v2, __m512 v3) {
    __m256 a0 = _mm256_add_ps(_mm512_castps512_ps256(v0), _mm512_extractf32x8_ps(v0, 1));
    __m256 a1 = _mm256_add_ps(_mm512_castps512_ps256(v1), _mm512_extractf32x8_ps(v1, 1));
    __m256 a2 = _mm256_add_ps(_mm512_castps512_ps256(v2), _mm512_extractf32x8_ps(v2, 1));
    __m256 a3 = _mm256_add_ps(_mm512_castps512_ps256(v3), _mm512_extractf32x8_ps(v3, 1));
    __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
    return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

// R rows x C columns (R <= ROWS, C <= COLS; constants once inlined, so each case compiles to straight-line code).
TARGET static inline __attribute__((always_inline)) void block(const uint16_t *a, int k, const uint16_t *w, int n,
                                                               const float *bias, const float *residual, float *c,
                                                               int R, int C) {
    __m512 acc[ROWS][COLS];
    for (int r = 0; r < ROWS; r++)
        for (int j = 0; j < COLS; j++) acc[r][j] = _mm512_setzero_ps();
    int p = 0;
    for (; p + 32 <= k; p += 32) {
        __m512bh wv[COLS];
        for (int j = 0; j < COLS; j++)
            if (j < C) wv[j] = (__m512bh)_mm512_loadu_si512((const void *)(w + (size_t)j * k + p));
        for (int r = 0; r < ROWS; r++) {
            if (r >= R) break;
            __m512bh av = (__m512bh)_mm512_loadu_si512((const void *)(a + (size_t)r * k + p));
            for (int j = 0; j < COLS; j++)
                if (j < C) acc[r][j] = _mm512_dpbf16_ps(acc[r][j], av, wv[j]);
        }
    }
    if (p < k) {
        __mmask32 mask = (__mmask32)((1ull << (k - p)) - 1);
        __m512bh wv[COLS];
        for (int j = 0; j < COLS; j++)
            if (j < C) wv[j] = (__m512bh)_mm512_maskz_loadu_epi16(mask, w + (size_t)j * k + p);
        for (int r = 0; r < ROWS; r++) {
            if (r >= R) break;
            __m512bh av = (__m512bh)_mm512_maskz_loadu_epi16(mask, a + (size_t)r * k + p);
            for (int j = 0; j < COLS; j++)
                if (j < C) acc[r][j] = _mm512_dpbf16_ps(acc[r][j], av, wv[j]);
        }
    }
    for (int r = 0; r < ROWS; r++) {
        if (r >= R) break;
        float *row = c + (size_t)r * n;
        const float *added = residual ? residual + (size_t)r * n : NULL;
        if (C == COLS) {
            __m128 s = _mm_add_ps(sum4(acc[r][0], acc[r][1], acc[r][2], acc[r][3]), _mm_loadu_ps(bias));
            if (added) s = _mm_add_ps(s, _mm_loadu_ps(added));
            _mm_storeu_ps(row, s);
        } else {
            for (int j = 0; j < C; j++) row[j] = _mm512_reduce_add_ps(acc[r][j]) + bias[j] + (added ? added[j] : 0);
        }
    }
}

// Every row for COLS columns of w: those weight rows (at most 4 x k x 2 bytes = 12 KB) stay in L1 while the
// activation rows stream past, so each weight is read from memory once per call.
TARGET static void column_block(const uint16_t *a, int m, int k, const uint16_t *w, int n, const float *bias,
                                const float *residual, float *c, int C) {
    int i = 0;
#define BLOCK(R, CC) block(a + (size_t)i * k, k, w, n, bias, residual ? residual + (size_t)i * n : NULL, c + (size_t)i * n, R, CC)
    if (C == COLS) {
        for (; i + ROWS <= m; i += ROWS) BLOCK(ROWS, COLS);
        switch (m - i) {
        case 5: BLOCK(5, COLS); break;
        case 4: BLOCK(4, COLS); break;
        case 3: BLOCK(3, COLS); break;
        case 2: BLOCK(2, COLS); break;
        case 1: BLOCK(1, COLS); break;
        default: break;
        }
    } else {
        for (; i < m; i++) BLOCK(1, C);
    }
#undef BLOCK
}

TARGET void bg_embed_linear_bf16(const uint16_t *a, int m, int k, const uint16_t *w, int n, const float *bias,
                                 const float *residual, int column_begin, int column_end, float *c) {
    int j = column_begin;
    for (; j + COLS <= column_end; j += COLS)
        column_block(a, m, k, w + (size_t)j * k, n, bias + j, residual ? residual + j : NULL, c + j, COLS);
    if (j < column_end)
        column_block(a, m, k, w + (size_t)j * k, n, bias + j, residual ? residual + j : NULL, c + j, column_end - j);
}

// e^x for x <= 0 (softmax's shifted scores), in float32: 2^(x log2 e) split into 2^n * 2^f with a degree-6
// polynomial for 2^f on [-0.5, 0.5] (relative error ~2e-7, as expf's last bit or two); below -87 it is 0.
TARGET static inline __m512 exp_nonpositive(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
    __m512 t = _mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f));
    __m512 n = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 f = _mm512_sub_ps(t, n);
    __m512 p = _mm512_set1_ps(1.535336188319500e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.339887440266574e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.618437357674640e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550332471162809e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.402264791363012e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931472028550421e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

TARGET void bg_embed_attention(const float *qkv, int stride, int n, int d, int key_offset, int value_offset, float scale,
                               float *context, int context_stride, float *scratch) {
    // scratch: keys transposed (d x n16) then one row of scores (n16), n16 = n rounded up to 16.
    int n16 = (n + 15) / 16 * 16;
    float *keys = scratch, *scores = scratch + (size_t)d * n16;
    for (int t = 0; t < d; t++) {
        for (int j = 0; j < n; j++) keys[(size_t)t * n16 + j] = qkv[(size_t)j * stride + key_offset + t];
        for (int j = n; j < n16; j++) keys[(size_t)t * n16 + j] = 0;
    }
    for (int i = 0; i < n; i++) {
        const float *q = qkv + (size_t)i * stride;
        // Scores for 4 blocks of 16 keys at a time: four independent accumulator chains, not one (an FMA's
        // latency is 4 cycles; one chain over d left the unit idle three cycles in four).
        for (int j = 0; j < n16; j += 64) {
            __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps(), acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
            int blocks = (n16 - j) / 16 < 4 ? (n16 - j) / 16 : 4;
            for (int t = 0; t < d; t++) {
                const float *row = keys + (size_t)t * n16 + j;
                __m512 qt = _mm512_set1_ps(q[t]);
                acc0 = _mm512_fmadd_ps(qt, _mm512_loadu_ps(row), acc0);
                if (blocks > 1) acc1 = _mm512_fmadd_ps(qt, _mm512_loadu_ps(row + 16), acc1);
                if (blocks > 2) acc2 = _mm512_fmadd_ps(qt, _mm512_loadu_ps(row + 32), acc2);
                if (blocks > 3) acc3 = _mm512_fmadd_ps(qt, _mm512_loadu_ps(row + 48), acc3);
            }
            __m512 sc = _mm512_set1_ps(scale);
            _mm512_storeu_ps(scores + j, _mm512_mul_ps(acc0, sc));
            if (blocks > 1) _mm512_storeu_ps(scores + j + 16, _mm512_mul_ps(acc1, sc));
            if (blocks > 2) _mm512_storeu_ps(scores + j + 32, _mm512_mul_ps(acc2, sc));
            if (blocks > 3) _mm512_storeu_ps(scores + j + 48, _mm512_mul_ps(acc3, sc));
        }
        __m512 maximum = _mm512_set1_ps(-INFINITY);
        for (int j = 0; j < n16; j += 16) {
            __mmask16 valid = (__mmask16)(n - j >= 16 ? 0xffff : (1u << (n - j)) - 1);
            maximum = _mm512_mask_max_ps(maximum, valid, maximum, _mm512_loadu_ps(scores + j));
        }
        __m512 top = _mm512_set1_ps(_mm512_reduce_max_ps(maximum));
        __m512 total = _mm512_setzero_ps();
        for (int j = 0; j < n16; j += 16) {
            __mmask16 valid = (__mmask16)(n - j >= 16 ? 0xffff : (1u << (n - j)) - 1);
            __m512 e = _mm512_maskz_mov_ps(valid, exp_nonpositive(_mm512_sub_ps(_mm512_loadu_ps(scores + j), top)));
            total = _mm512_add_ps(total, e);
            _mm512_storeu_ps(scores + j, e);
        }
        float inverse = 1.0f / _mm512_reduce_add_ps(total);
        float *out = context + (size_t)i * context_stride;
        for (int t = 0; t < d; t += 16) {
            __mmask16 lanes = (__mmask16)(d - t >= 16 ? 0xffff : (1u << (d - t)) - 1);
            const float *v = qkv + value_offset + t;
            __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps(), acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                acc0 = _mm512_fmadd_ps(_mm512_set1_ps(scores[j]), _mm512_maskz_loadu_ps(lanes, v + (size_t)j * stride), acc0);
                acc1 = _mm512_fmadd_ps(_mm512_set1_ps(scores[j + 1]), _mm512_maskz_loadu_ps(lanes, v + (size_t)(j + 1) * stride), acc1);
                acc2 = _mm512_fmadd_ps(_mm512_set1_ps(scores[j + 2]), _mm512_maskz_loadu_ps(lanes, v + (size_t)(j + 2) * stride), acc2);
                acc3 = _mm512_fmadd_ps(_mm512_set1_ps(scores[j + 3]), _mm512_maskz_loadu_ps(lanes, v + (size_t)(j + 3) * stride), acc3);
            }
            for (; j < n; j++)
                acc0 = _mm512_fmadd_ps(_mm512_set1_ps(scores[j]), _mm512_maskz_loadu_ps(lanes, v + (size_t)j * stride), acc0);
            __m512 acc = _mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3));
            _mm512_mask_storeu_ps(out + t, lanes, _mm512_mul_ps(acc, _mm512_set1_ps(inverse)));
        }
    }
}

TARGET void bg_embed_layer_norm(float *data, int rows, int width, const float *gamma, const float *beta, float epsilon) {
    for (int r = 0; r < rows; r++) {
        float *x = data + (size_t)r * width;
        __m512 sum = _mm512_setzero_ps();
        int c = 0;
        for (; c + 16 <= width; c += 16) sum = _mm512_add_ps(sum, _mm512_loadu_ps(x + c));
        float mean = _mm512_reduce_add_ps(sum);
        for (; c < width; c++) mean += x[c];
        mean /= (float)width;
        __m512 m = _mm512_set1_ps(mean), squares = _mm512_setzero_ps();
        for (c = 0; c + 16 <= width; c += 16) {
            __m512 centred = _mm512_sub_ps(_mm512_loadu_ps(x + c), m);
            squares = _mm512_fmadd_ps(centred, centred, squares);
        }
        float variance = _mm512_reduce_add_ps(squares);
        for (; c < width; c++) variance += (x[c] - mean) * (x[c] - mean);
        float inverse = 1.0f / sqrtf(variance / (float)width + epsilon);
        __m512 s = _mm512_set1_ps(inverse);
        for (c = 0; c + 16 <= width; c += 16) {
            __m512 y = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + c), m), s);
            _mm512_storeu_ps(x + c, _mm512_fmadd_ps(y, _mm512_loadu_ps(gamma + c), _mm512_loadu_ps(beta + c)));
        }
        for (; c < width; c++) x[c] = (x[c] - mean) * inverse * gamma[c] + beta[c];
    }
}

// Exact GELU, x * (1 + erf(x / sqrt 2)) / 2, with erf by the rational approximation TensorKernels.erf uses (Eigen's
// and XLA's, within a few ulp of erff on [-4, 4], +-1 beyond), then rounded to bfloat16 for the next product.
TARGET void bg_embed_gelu_to_bf16(const float *source, size_t count, uint16_t *target) {
    size_t i = 0;
    for (; i < count; i += 16) {
        __mmask16 lanes = (__mmask16)(count - i >= 16 ? 0xffff : (1u << (count - i)) - 1);
        __m512 v = _mm512_maskz_loadu_ps(lanes, source + i);
        __m512 x = _mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f));
        x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-4.0f)), _mm512_set1_ps(4.0f));
        __m512 x2 = _mm512_mul_ps(x, x);
        __m512 p = _mm512_set1_ps(-2.72614225801306e-10f);
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.77068142495902e-08f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.10102402082508e-06f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-5.69250639462346e-05f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-7.34990630326855e-04f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-2.95459980854025e-03f));
        p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-1.60960333262415e-02f));
        p = _mm512_mul_ps(p, x);
        __m512 q = _mm512_set1_ps(-1.45660718464996e-05f);
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-2.13374055278905e-04f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.68282697438203e-03f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-7.37332916720468e-03f));
        q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(-1.42647390514189e-02f));
        __m512 erf = _mm512_div_ps(p, q);
        __m512 gelu = _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), _mm512_add_ps(_mm512_set1_ps(1.0f), erf));
        __m256bh rounded = _mm512_cvtneps_pbh(gelu);
        _mm256_mask_storeu_epi16(target + i, lanes, (__m256i)rounded);
    }
}

int bg_embed_has_panel_kernels(void) {
    static int cached = -1;  // as in bg_embed_has_bf16_kernels
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
}

#define PANEL_TARGET __attribute__((target("avx2,fma")))

// R rows (R <= 6) x one panel of 16 columns: 12 accumulators, plus two weight vectors and one broadcast, within
// AVX2's 16 registers. Each step reads 16 bfloat16 weights (widened to float32 by a shift) and one activation per
// row, for 2R FMAs.
PANEL_TARGET static inline __attribute__((always_inline)) void panel_block(const float *a, int k, const uint16_t *panel,
                                                                           float *c, int n, int R) {
    __m256 acc[6][2];
    for (int r = 0; r < 6; r++) {
        acc[r][0] = _mm256_setzero_ps();
        acc[r][1] = _mm256_setzero_ps();
    }
    for (int p = 0; p < k; p++) {
        const __m128i *raw = (const __m128i *)(panel + (size_t)p * BG_EMBED_PANEL_WIDTH);
        __m256 w0 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(raw)), 16));
        __m256 w1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(raw + 1)), 16));
        for (int r = 0; r < 6; r++) {
            if (r >= R) break;
            __m256 activation = _mm256_broadcast_ss(a + (size_t)r * k + p);
            acc[r][0] = _mm256_fmadd_ps(activation, w0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(activation, w1, acc[r][1]);
        }
    }
    for (int r = 0; r < 6; r++) {
        if (r >= R) break;
        float *row = c + (size_t)r * n;
        _mm256_storeu_ps(row, _mm256_add_ps(_mm256_loadu_ps(row), acc[r][0]));
        _mm256_storeu_ps(row + 8, _mm256_add_ps(_mm256_loadu_ps(row + 8), acc[r][1]));
    }
}

PANEL_TARGET void bg_embed_linear_panels(const float *a, int m, int k, const uint16_t *panels, int n, int column_begin,
                                         int column_end, float *c) {
    // Panel by panel: one panel (12 KB for k = 384) stays in L1 while every row block passes over it.
    for (int j = column_begin; j < column_end; j += BG_EMBED_PANEL_WIDTH) {
        const uint16_t *panel = panels + (size_t)j * k;
        int i = 0;
#define PANEL_BLOCK(R) panel_block(a + (size_t)i * k, k, panel, c + (size_t)i * n + j, n, R)
        for (; i + 6 <= m; i += 6) PANEL_BLOCK(6);
        switch (m - i) {
        case 5: PANEL_BLOCK(5); break;
        case 4: PANEL_BLOCK(4); break;
        case 3: PANEL_BLOCK(3); break;
        case 2: PANEL_BLOCK(2); break;
        case 1: PANEL_BLOCK(1); break;
        default: break;
        }
#undef PANEL_BLOCK
    }
}

#else

int bg_embed_has_bf16_kernels(void) { return 0; }

int bg_embed_has_panel_kernels(void) { return 0; }

void bg_embed_linear_panels(const float *a, int m, int k, const uint16_t *panels, int n, int column_begin,
                            int column_end, float *c) {
    (void)a; (void)m; (void)k; (void)panels; (void)n; (void)column_begin; (void)column_end; (void)c;
    __builtin_trap();  // only called when bg_embed_has_panel_kernels() is 1
}

void bg_embed_to_bf16(const float *source, size_t count, uint16_t *target) {
    for (size_t i = 0; i < count; i++) target[i] = round_to_bf16(source[i]);
}

void bg_embed_linear_bf16(const uint16_t *a, int m, int k, const uint16_t *w, int n, const float *bias,
                          const float *residual, int column_begin, int column_end, float *c) {
    (void)a; (void)m; (void)k; (void)w; (void)n; (void)bias; (void)residual; (void)column_begin; (void)column_end; (void)c;
    __builtin_trap();  // only called when bg_embed_has_bf16_kernels() is 1
}

void bg_embed_attention(const float *qkv, int stride, int n, int d, int key_offset, int value_offset, float scale,
                        float *context, int context_stride, float *scratch) {
    (void)qkv; (void)stride; (void)n; (void)d; (void)key_offset; (void)value_offset; (void)scale; (void)context;
    (void)context_stride; (void)scratch;
    __builtin_trap();
}

void bg_embed_gelu_to_bf16(const float *source, size_t count, uint16_t *target) {
    (void)source; (void)count; (void)target;
    __builtin_trap();
}

void bg_embed_layer_norm(float *data, int rows, int width, const float *gamma, const float *beta, float epsilon) {
    (void)data; (void)rows; (void)width; (void)gamma; (void)beta; (void)epsilon;
    __builtin_trap();
}

#endif
