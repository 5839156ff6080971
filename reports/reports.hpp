// Writers for a run's results: the console (progress lines, failures with evidence, the closing count line) and
// JUnit XML, one testcase per check (style rule 6: the check ID gives classname and name).
#pragma once
#include "harness/result.hpp"

#include <iosfwd>
#include <string>

namespace kconform::reports {

/** The permission matrix of the run's matrix-* checks as a table (nothing when there are none). */
void print_matrix(std::ostream& os, harness::run_report const& report);

/** One line per check while running: "PASS id" / "FAIL id"; failures get their evidence right away when verbose. */
void print_progress(std::ostream& os, harness::check_result const& r, bool verbose);

/** Every failure with evidence, residue, timing, then the last line "N passed, N failed[, N skipped]". */
void print_summary(std::ostream& os, harness::run_report const& report);

/** The count line alone: "12 passed, 1 failed" (", 2 skipped" when any were skipped). */
std::string count_line(harness::run_report const& report);

/** JUnit XML (the common Jenkins/Surefire schema). */
void write_junit(std::ostream& os, harness::run_report const& report);

/** The JSON report, format "kconform-run/1" (docs/report-json.md). */
void write_json(std::ostream& os, harness::run_report const& report);

} // namespace kconform::reports
