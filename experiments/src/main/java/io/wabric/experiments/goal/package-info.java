/**
 * The project's performance goals (issues 2 to 6) checked against one bench run's results: met, not met, or not
 * measured, with the numbers that decide it.
 */
package io.wabric.experiments.goal;
