/**
 * Reports of a run: Allure results, timeline charts and nightly history. Reads what a run recorded;
 * never reaches back into the cluster.
 */
package io.scaleproof.reports;
