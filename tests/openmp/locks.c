/* simple and nestable locks, test_lock, and a critical section with an OpenMP 5.0 synchronisation hint */
#include <omp.h>
#include <stdio.h>

static omp_nest_lock_t nest;
static int depth_total = 0;

static void recurse(int depth)
{
    omp_set_nest_lock(&nest);
    depth_total++;
    if (depth > 0) recurse(depth - 1);
    omp_unset_nest_lock(&nest);
}

int main(void)
{
    omp_lock_t lock;
    omp_init_lock(&lock);
    omp_init_nest_lock(&nest);
    long counter = 0;
    int tested = 0;
    int hinted = 0;
#pragma omp parallel
    {
        for (int i = 0; i < 2000; i++)
        {
            omp_set_lock(&lock);
            counter += 2;
            counter -= 1;
            omp_unset_lock(&lock);
        }
        while (!omp_test_lock(&lock))
        {
        }
        tested++;
        omp_unset_lock(&lock);
        recurse(3);
#pragma omp critical(hinted) hint(omp_sync_hint_contended)
        hinted += omp_lock_hint_contended == omp_sync_hint_contended ? 1 : 100;
        if (omp_test_nest_lock(&nest))
        {
            int level = omp_test_nest_lock(&nest);
            omp_unset_nest_lock(&nest);
            omp_unset_nest_lock(&nest);
            if (level != 2)
            {
                omp_set_lock(&lock);
                tested += 1000;
                omp_unset_lock(&lock);
            }
        }
    }
    omp_destroy_lock(&lock);
    omp_destroy_nest_lock(&nest);
    int n = omp_get_max_threads();
    printf("counter %ld tested %d depth %d hinted %d (threads %d)\n", counter / n, tested == n, depth_total / n,
        hinted == n, n);
    return 0;
}
