#include "cli/table.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

Table people() {
  Table table({{"NAME"}, {"AGE", true}, {"NOTE", false, 1}});
  table.add_row({{"ada"}, {"36"}, {"wrote the first program"}});
  table.add_row({{"grace"}, {"85"}, {"found a moth"}});
  return table;
}

TEST(Table, ColumnsAlignUnderTheirHeaders) {
  EXPECT_EQ(people().render({}),
            "NAME   AGE  NOTE\n"
            "ada     36  wrote the first program\n"
            "grace   85  found a moth\n");
}

TEST(Table, LongCellsAreCutWithAnEllipsisToFitTheTerminal) {
  TableStyle style;
  style.max_width = 25;
  EXPECT_EQ(people().render(style),
            "NAME   AGE  NOTE\n"
            "ada     36  wrote the fi…\n"
            "grace   85  found a moth\n");
}

TEST(Table, ColumnsThatMayNotShrinkKeepTheirWidth) {
  TableStyle style;
  style.max_width = 5;
  std::string text = people().render(style);
  EXPECT_NE(text.find("grace   85"), std::string::npos);
}

TEST(Table, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(display_width("héllo…"), 6u);
  EXPECT_EQ(truncate_to_width("héllo wörld", 6), "héllo…");
  EXPECT_EQ(truncate_to_width("short", 10), "short");
}

TEST(Table, ColorsDoNotBreakAlignment) {
  Table table({{"STATE"}, {"ID"}});
  table.add_row({{"failed", Color::red}, {"12"}});
  TableStyle style;
  style.color = true;
  EXPECT_EQ(table.render(style),
            "STATE   ID\n"
            "\x1b[31mfailed\x1b[0m  12\n");
}

TEST(Table, MissingCellsAreEmpty) {
  Table table({{"A"}, {"B"}});
  table.add_row({{"x"}});
  EXPECT_EQ(table.render({}), "A  B\nx\n");
}

}  // namespace
}  // namespace drover::cli
