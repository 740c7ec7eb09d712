#include "compiler/source/diagnostic.h"

#include <gtest/gtest.h>

#include "compiler/source/diagnostic_renderer.h"
#include "compiler/source/source_manager.h"

namespace rampart::source {
namespace {

TEST(SourceFile, PositionsCountCodePoints) {
  SourceFile f(0, "f.rp", "ab\n\xc3\xa9x\r\nlast");
  EXPECT_EQ(f.Position(0).line, 1u);
  EXPECT_EQ(f.Position(3).column, 1u);
  EXPECT_EQ(f.Position(5).column, 2u);  // after the two-byte é
  EXPECT_EQ(f.LineText(2), "\xc3\xa9x");
  EXPECT_EQ(f.LineText(3), "last");
  EXPECT_EQ(f.Position(9).line, 3u);
}

TEST(Diagnostics, SortedAndDeduplicated) {
  DiagnosticBag bag;
  bag.Error("b", {0, 10, 11}, "second");
  bag.Error("a", {0, 2, 3}, "first");
  bag.Error("b", {0, 10, 11}, "second");
  bag.Warning("w", {0, 5, 6}, "a warning");
  auto sorted = bag.Sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].message, "first");
  EXPECT_EQ(sorted[1].severity, Severity::kWarning);
  EXPECT_EQ(bag.error_count(), 3u);  // counted as reported; Sorted() removes the duplicate
}

TEST(Diagnostics, RendersLikeClang) {
  SourceManager sm;
  FileId id = sm.AddFile("p.rp", "const x = \"a\" +\n  y.imgae\n");
  Diagnostic d{Severity::kError, "unknown-field", {id, 20, 25}, "no field 'imgae'", {}};
  d.notes.push_back({{id, 0, 5}, "declared here"});
  EXPECT_EQ(RenderText(d, sm),
            "p.rp:2:5: error: no field 'imgae' [unknown-field]\n"
            "      y.imgae\n"
            "        ^~~~~\n"
            "p.rp:1:1: note: declared here\n"
            "    const x = \"a\" +\n"
            "    ^~~~~\n");
  std::string json = RenderJson({d}, sm);
  EXPECT_NE(json.find("\"file\":\"p.rp\",\"line\":2,\"column\":5"), std::string::npos) << json;
  EXPECT_NE(json.find("\"code\":\"unknown-field\""), std::string::npos);
}

TEST(Diagnostics, EchoedLinesAreSafeForTerminals) {
  SourceManager sm;
  FileId id = sm.AddFile("p.rp", "a\x1b[31mb\n");
  Diagnostic d{Severity::kError, "x", {id, 0, 1}, "m", {}};
  EXPECT_EQ(RenderText(d, sm).find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace rampart::source
