// OpenBLAS's CBLAS interface (cblas_sgemm) plus its thread-count controls (openblas_set_num_threads).
#include <cblas.h>
