/* parallel, data-sharing clauses, the omp_* API, single/master/masked/critical/barrier/sections/copyprivate/atomic */
#include <omp.h>
#include <stdio.h>

int main(void)
{
    int nthreads = 0, sum = 0, firstp = 7, crit = 0, singles = 0, masters = 0, sec = 0, cp = 0, bad = 0;
    long atom = 0;
    printf("max threads %d, in parallel %d, level %d\n", omp_get_max_threads(), omp_in_parallel(), omp_get_level());
#pragma omp parallel firstprivate(firstp) shared(nthreads, sum)
    {
        int me = omp_get_thread_num();
        firstp += me;
#pragma omp master
        {
            nthreads = omp_get_num_threads();
            masters++;
        }
#pragma omp barrier
        if (firstp != 7 + me || !omp_in_parallel() || omp_get_level() != 1)
        {
#pragma omp atomic
            bad++;
        }
#pragma omp critical
        sum += me;
#pragma omp critical(named)
        crit++;
#pragma omp single
        singles++;
#pragma omp masked
        masters++;
#pragma omp atomic
        atom += 3;
#pragma omp sections
        {
#pragma omp section
            {
#pragma omp atomic
                sec += 1;
            }
#pragma omp section
            {
#pragma omp atomic
                sec += 10;
            }
#pragma omp section
            {
#pragma omp atomic
                sec += 100;
            }
        }
        int value = 0;
#pragma omp single copyprivate(value)
        value = 42;
        if (value == 42)
        {
#pragma omp atomic
            cp++;
        }
        int seen;
#pragma omp atomic read
        seen = atom;
        (void)seen;
#pragma omp flush
    }
    printf("threads %d sum %d crit %d singles %d masters %d atomic %ld sections %d copyprivate %d bad %d\n",
        nthreads, sum, crit, singles, masters, atom, sec, cp, bad);
    int two = 0, off = 0;
#pragma omp parallel num_threads(2)
    {
#pragma omp single
        two = omp_get_num_threads();
    }
    int cond = 0;
#pragma omp parallel if (cond)
    {
        off = omp_get_num_threads() + 10 * omp_in_parallel();
    }
    omp_set_num_threads(3);
    int three = 0;
#pragma omp parallel
    {
#pragma omp single
        three = omp_get_num_threads();
    }
    printf("num_threads(2) %d, if(0) %d, set_num_threads(3) %d, max %d\n", two, off, three, omp_get_max_threads());
    int captured = 0, old = 0;
#pragma omp parallel
    {
        int mine;
#pragma omp atomic capture
        mine = captured++;
#pragma omp atomic update
        old += mine;
    }
    printf("capture sum %d of %d\n", old, captured);
    double t0 = omp_get_wtime();
    printf("wtime ok %d wtick ok %d procs ok %d dynamic %d nested %d\n", t0 > 0, omp_get_wtick() > 0,
        omp_get_num_procs() > 0, omp_get_dynamic(), omp_get_nested());
    return 0;
}
