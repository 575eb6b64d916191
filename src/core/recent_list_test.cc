#include "core/recent_list.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(RecentList, KeepsEntriesInOrderBelowCapacity) {
  RecentList<int> list;
  for (int i = 1; i <= 3; ++i) list.push(i, 5);
  EXPECT_EQ(list.to_vector(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(list.size(), 3U);
}

TEST(RecentList, DropsTheOldestOnceFull) {
  RecentList<int> list;
  for (int i = 1; i <= 10; ++i) list.push(i, 4);
  EXPECT_EQ(list.to_vector(), (std::vector<int>{7, 8, 9, 10}));
  EXPECT_EQ(list[0], 7);
  EXPECT_EQ(list[3], 10);
}

TEST(RecentList, GrowsAgainWhenTheCapacityRisesAfterWrapping) {
  RecentList<int> list;
  for (int i = 1; i <= 5; ++i) list.push(i, 3);  // 3 4 5, wrapped
  list.push(6, 4);
  EXPECT_EQ(list.to_vector(), (std::vector<int>{3, 4, 5, 6}));
  list.push(7, 4);
  EXPECT_EQ(list.to_vector(), (std::vector<int>{4, 5, 6, 7}));
}

TEST(RecentList, TakesAStoredListAsItIs) {
  RecentList<std::string> list(std::vector<std::string>{"a", "b"});
  list.push("c", 2);
  EXPECT_EQ(list.to_vector(), (std::vector<std::string>{"b", "c"}));
}

TEST(RecentList, AMovedFromListIsEmptyAndUsable) {
  RecentList<std::string> list;
  list.push("a", 2);
  RecentList<std::string> moved = std::move(list);
  EXPECT_EQ(moved.to_vector(), (std::vector<std::string>{"a"}));
  RecentList<std::string> fresh;
  EXPECT_TRUE(fresh.empty());
  EXPECT_EQ(fresh.begin(), fresh.end());
}

TEST(RecentList, AMovedFromWrappedListTakesNewEntriesInOrder) {
  RecentList<int> list;
  for (int i = 1; i <= 5; ++i) list.push(i, 3);  // wrapped: the oldest is not at index 0
  RecentList<int> moved = std::move(list);
  list.push(10, 3);
  list.push(11, 3);
  EXPECT_EQ(list.to_vector(), (std::vector<int>{10, 11}));
  EXPECT_EQ(moved.to_vector(), (std::vector<int>{3, 4, 5}));
}

TEST(RecentList, ACapacityOfZeroKeepsNothing) {
  RecentList<int> list;
  list.push(1, 0);
  EXPECT_TRUE(list.empty());
}

}  // namespace
}  // namespace drover
