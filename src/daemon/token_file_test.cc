#include "daemon/token_file.h"

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

namespace fs = std::filesystem;

const std::string kStrong(64, 'a');

std::string first_word(const fs::path& file) {
  std::string word;
  std::ifstream(file) >> word;
  return word;
}

TEST(TokenFile, ShortOrReadableOrOddTokensAreWeak) {
  EXPECT_EQ(weak_token_reason(kStrong, fs::perms(0600)), std::nullopt);
  auto readable = weak_token_reason(kStrong, fs::perms(0644));
  ASSERT_TRUE(readable.has_value());
  EXPECT_NE(readable->find("mode 0644"), std::string::npos) << *readable;
  auto short_one = weak_token_reason("abc", fs::perms(0600));
  ASSERT_TRUE(short_one.has_value());
  EXPECT_NE(short_one->find("3 characters long, fewer than 32"), std::string::npos) << *short_one;
  EXPECT_TRUE(weak_token_reason(std::string(40, 'a') + "\"", fs::perms(0600)).has_value());
}

TEST(TokenFile, AWeakFileIsReplacedByANewOwnerOnlyToken) {
  TestDir dir;
  fs::path path = dir.path() / "token";
  std::ofstream(path) << "abc\n";
  fs::permissions(path, fs::perms(0644));
  Result<TokenFile> file = read_or_create_token(path);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_TRUE(file->replaced_because.has_value());
  EXPECT_EQ(file->token.size(), 64u);
  EXPECT_EQ(first_word(path), file->token);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::mask, fs::perms(0600));
}

TEST(TokenFile, AStrongFileIsKeptAndAMissingOneCreated) {
  TestDir dir;
  fs::path path = dir.path() / "token";
  Result<TokenFile> created = read_or_create_token(path);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_FALSE(created->replaced_because.has_value());
  Result<TokenFile> again = read_or_create_token(path);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->token, created->token);
  EXPECT_FALSE(again->replaced_because.has_value());
}

}  // namespace
}  // namespace drover
