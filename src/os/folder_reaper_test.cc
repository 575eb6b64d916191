#include "os/folder_reaper.h"

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

namespace fs = std::filesystem;

// A job-like folder: files and a nested folder.
fs::path make_tree(const fs::path& root) {
  fs::create_directories(root / "attempts" / "1");
  std::ofstream(root / "attempts" / "1" / "output.log") << "lines\n";
  std::ofstream(root / "spec.json") << "{}\n";
  return root;
}

bool is_empty_dir(const fs::path& dir) { return fs::is_directory(dir) && fs::is_empty(dir); }

TEST(FolderReaper, AFolderLeavesItsPlaceAtOnceAndTheTrashEmpties) {
  TestDir dir;
  FolderReaper reaper(dir.path() / "trash");
  fs::path job = make_tree(dir.path() / "jobs" / "12");
  reaper.remove(job);
  EXPECT_FALSE(fs::exists(job));
  reaper.drain();
  EXPECT_TRUE(is_empty_dir(dir.path() / "trash"));
  EXPECT_TRUE(is_empty_dir(dir.path() / "jobs"));
}

TEST(FolderReaper, AFolderRemovedLaterGoesInPlace) {
  TestDir dir;
  FolderReaper reaper(dir.path() / "trash");
  fs::path job = make_tree(dir.path() / "jobs" / "12");
  reaper.remove_later(job);
  reaper.drain();
  EXPECT_FALSE(fs::exists(job));
  EXPECT_TRUE(is_empty_dir(dir.path() / "trash"));
}

TEST(FolderReaper, AMissingFolderIsNothingToDo) {
  TestDir dir;
  FolderReaper reaper(dir.path() / "trash");
  reaper.remove(dir.path() / "never-there");
  reaper.remove_later(dir.path() / "never-there-either");
  reaper.drain();
  EXPECT_TRUE(is_empty_dir(dir.path() / "trash"));
}

TEST(FolderReaper, WhatACrashLeftInTheTrashIsRemovedByTheNextReaper) {
  TestDir dir;
  make_tree(dir.path() / "trash" / "999-1-41");
  FolderReaper reaper(dir.path() / "trash");
  reaper.drain();
  EXPECT_TRUE(is_empty_dir(dir.path() / "trash"));
}

TEST(FolderReaper, FoldersOfTheSameNameFromTwoPlacesDoNotCollide) {
  TestDir dir;
  FolderReaper reaper(dir.path() / "trash");
  fs::path first = make_tree(dir.path() / "a" / "work");
  fs::path second = make_tree(dir.path() / "b" / "work");
  reaper.remove(first);
  reaper.remove(second);
  EXPECT_FALSE(fs::exists(first));
  EXPECT_FALSE(fs::exists(second));
  reaper.drain();
  EXPECT_TRUE(is_empty_dir(dir.path() / "trash"));
}

}  // namespace
}  // namespace drover
