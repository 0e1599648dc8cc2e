/* nested and serialised regions, levels and ancestors, threadprivate with copyin */
#include <omp.h>
#include <stdio.h>

static int tp = -1;
#pragma omp threadprivate(tp)
static double tpd[4];
#pragma omp threadprivate(tpd)

int main(void)
{
    int outer = omp_get_max_threads() < 2 ? omp_get_max_threads() : 2;
    int inner_sizes = 0, levels = 0, active = 0, ancestors = 0, teams = 0, serial_inner = 0;
    omp_set_max_active_levels(1);
#pragma omp parallel num_threads(outer)
    {
#pragma omp parallel num_threads(2)
        {
#pragma omp atomic
            serial_inner += omp_get_num_threads() * 10 + omp_get_level();
        }
    }
    printf("max_active_levels 1: inner %d (outer %d)\n", serial_inner, outer);
    omp_set_max_active_levels(2);
    printf("max active %d\n", omp_get_max_active_levels());
#pragma omp parallel num_threads(outer)
    {
        int parent = omp_get_thread_num();
#pragma omp parallel num_threads(2)
        {
#pragma omp atomic
            inner_sizes += omp_get_num_threads();
#pragma omp atomic
            levels += omp_get_level();
#pragma omp atomic
            active += omp_get_active_level();
            if (omp_get_ancestor_thread_num(1) == parent && omp_get_ancestor_thread_num(0) == 0 &&
                omp_get_ancestor_thread_num(2) == omp_get_thread_num())
            {
#pragma omp atomic
                ancestors++;
            }
            if (omp_get_team_size(1) == outer && omp_get_team_size(2) == 2 && omp_get_team_size(0) == 1)
            {
#pragma omp atomic
                teams++;
            }
        }
    }
    printf("nested sizes %d levels %d active %d ancestors %d teams %d\n", inner_sizes, levels, active, ancestors, teams);
    int flags = 0;
#pragma omp parallel if (0)
    {
        flags = omp_get_level() * 100 + omp_get_active_level() * 10 + omp_get_num_threads();
    }
    printf("serialised %d\n", flags);
    tp = 100;
    tpd[2] = 2.5;
    int copied = 0, own = 0;
#pragma omp parallel copyin(tp, tpd)
    {
        if (tp == 100 && tpd[2] == 2.5)
        {
#pragma omp atomic
            copied++;
        }
        tp = omp_get_thread_num();
    }
#pragma omp parallel
    {
        if (tp == omp_get_thread_num())
        {
#pragma omp atomic
            own++;
        }
    }
    printf("copyin %d persistent %d of %d\n", copied, own, omp_get_max_threads());
    return 0;
}
