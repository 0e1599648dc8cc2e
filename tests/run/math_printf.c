/* Differential test of libm and printf/scanf formatting (wasi-libc's musl against glibc): correctly rounded
 * operations and conversions printed in full, transcendental functions to 12 significant digits (libms may differ
 * in the last ulp), plus integer formatting edge cases. */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv)
{
    volatile double x = argc > 1 ? atof(argv[1]) : 0.75;
    printf("sqrt=%.17g fma=%.17g div=%.17g\n", sqrt(x), fma(x, 3.0, 0.1), 1.0 / (x + 2.0));
    printf("sin=%.12g cos=%.12g tan=%.12g\n", sin(x), cos(x), tan(x));
    printf("exp=%.12g log=%.12g pow=%.12g atan2=%.12g\n", exp(x), log(x), pow(x, 2.5), atan2(x, -1.0));
    printf("floor=%g ceil=%g round=%g trunc=%g fmod=%g\n", floor(-x), ceil(-x), round(2.5), trunc(-x), fmod(7.5, x));
    printf("inf=%f -inf=%f nan=%s isnan=%d isinf=%d\n", INFINITY, -INFINITY, isnan(NAN) ? "nan" : "?", isnan(0.0 / x * 0.0),
        isinf(HUGE_VAL));
    printf("e=%e E=%E g=%g a_len=%zu\n", 12345.6789, 0.000123, 1e-5, strlen("x"));
    printf("dbl_max=%.17g dbl_min=%.17g eps=%.17g flt_max=%.9g\n", DBL_MAX, DBL_MIN, DBL_EPSILON, (double)FLT_MAX);
    printf("int_min=%d ll_max=%lld u64=%" PRIu64 " hex=%#x oct=%o\n", INT_MIN, LLONG_MAX, UINT64_MAX, 255u, 8u);
    printf("pad=[%8.3f] left=[%-6d] zero=[%06d] plus=[%+d] str=[%.3s]\n", 3.14159, 42, 42, 42, "abcdef");
    double parsed = 0;
    long long big = 0;
    sscanf("2.718281828459045 -9007199254740993", "%lf %lld", &parsed, &big);
    printf("parsed=%.17g big=%lld strtod=%.17g\n", parsed, big, strtod("0x1.8p3", NULL));
    float f = 1.0f / 3.0f;
    printf("float=%.9g sqrtf=%.9g\n", (double)f, (double)sqrtf(2.0f));
    long double ld = 1.0L / 3.0L;
    printf("long double=%.15Lg\n", ld);
    return 0;
}
