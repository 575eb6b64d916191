#include "cli/visible_text.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

TEST(VisibleText, EscapeSequencesBecomeVisible) {
  EXPECT_EQ(visible_text("\x1b[2Jcleared"), "␛[2Jcleared");
  EXPECT_EQ(visible_text("\x1b]0;title\x07"), "␛]0;title␇");
  EXPECT_EQ(visible_text("a\rb\bc\x7f"), "a␍b␈c␡");
}

TEST(VisibleText, C1ControlsAndBrokenUtf8AreShownAsHex) {
  EXPECT_EQ(visible_text("\xc2\x9b"
                         "31m"),
            "\\x9b31m");
  EXPECT_EQ(visible_text("\x9b"
                         "31m"),
            "\\x9b31m");
  EXPECT_EQ(visible_text("\xe2\x82"), "\\xe2\\x82");
}

TEST(VisibleText, PrintableTextIsKept) {
  EXPECT_EQ(visible_text("café ✓ 日本 😀"), "café ✓ 日本 😀");
}

TEST(VisibleText, TabsAndNewlinesOnlyWhenAsked) {
  EXPECT_EQ(visible_text("a\tb\n"), "a␉b␊");
  EXPECT_EQ(visible_text("a\tb\n", {.keep_tab = true, .keep_newline = true}), "a\tb\n");
}

}  // namespace
}  // namespace drover::cli
