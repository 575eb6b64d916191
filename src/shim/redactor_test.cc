#include "shim/redactor.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

std::string redacted(std::string_view line, const std::vector<std::string>& patterns = {}) {
  Redactor redactor(patterns);
  return std::string(redactor.redact(line));
}

TEST(Redactor, HidesThePasswordOfAUrlAndKeepsTheUser) {
  EXPECT_EQ(redacted("Cloning https://user:ghp_abc123@github.com/org/repo.git"),
            "Cloning https://user:***@github.com/org/repo.git");
  EXPECT_EQ(redacted("postgres://drover:s3cr:et@db:5432/jobs"),
            "postgres://drover:***@db:5432/jobs");
}

TEST(Redactor, HidesATokenUsedAsTheWholeUserinfo) {
  EXPECT_EQ(redacted("fetch https://ghp_abc123@github.com/x"), "fetch https://***@github.com/x");
}

TEST(Redactor, HidesEveryUrlOfALineAndAPasswordHoldingAnAt) {
  EXPECT_EQ(redacted("a=https://u:p1@h1/x b=\"ftp://u:p@2@h2\" c=https://h3/@me"),
            "a=https://u:***@h1/x b=\"ftp://u:***@h2\" c=https://h3/@me");
}

TEST(Redactor, LeavesUrlsWithoutCredentialsAlone) {
  for (std::string_view line :
       {"https://github.com/org/repo", "http://host:8080/path?q=a@b", "mail me@host.org ://",
        "https://user:@host/", "https://@host/", "://"}) {
    Redactor redactor;
    EXPECT_EQ(redactor.redact(line).data(), line.data()) << line;  // the line itself, no copy
  }
}

TEST(Redactor, HidesTheCredentialsOfAnAuthorizationHeaderButNotItsScheme) {
  EXPECT_EQ(redacted("> Authorization: Bearer eyJhbGciOi.x-y_z"), "> Authorization: Bearer ***");
  EXPECT_EQ(redacted("authorization: basic dXNlcjpwYXNz=="), "authorization: basic ***");
  EXPECT_EQ(redacted("Proxy-Authorization: token ghp_1, next"),
            "Proxy-Authorization: token ***, next");
  EXPECT_EQ(redacted("AUTHORIZATION:   Bearer   abc"), "AUTHORIZATION:   Bearer   ***");
}

TEST(Redactor, HidesAuthorizationInJsonDictsAndQueries) {
  EXPECT_EQ(redacted(R"({"Authorization": "Bearer abc", "x": 1})"),
            R"({"Authorization": "Bearer ***", "x": 1})");
  EXPECT_EQ(redacted(R"(headers={'authorization': 'Basic Zm9v'})"),
            R"(headers={'authorization': 'Basic ***'})");
  EXPECT_EQ(redacted(R"("{\"Authorization\":\"Bearer abc\"}")"),
            R"("{\"Authorization\":\"Bearer ***\"}")");
  EXPECT_EQ(redacted("GET /x?authorization=abc123&y=1"), "GET /x?authorization=***&y=1");
}

TEST(Redactor, HidesALoneAuthorizationValue) {
  EXPECT_EQ(redacted("Authorization: c2VjcmV0"), "Authorization: ***");
}

TEST(Redactor, LeavesProseAboutAuthorizationAlone) {
  std::string_view line = "authorization failed for user bob; Authorization header missing";
  Redactor redactor;
  EXPECT_EQ(redactor.redact(line), line);
}

TEST(Redactor, HidesEveryMatchOfTheUsersPatterns) {
  std::vector<std::string> patterns = {"ghp_[A-Za-z0-9]+", "token=\\S+"};
  EXPECT_EQ(redacted("use ghp_AAA then ghp_BBB, token=x1 y", patterns), "use *** then ***, *** y");
}

TEST(Redactor, APatternsLeadingPlainTextIsItsPrefilter) {
  EXPECT_EQ(required_prefix("ghp_[A-Za-z0-9]+"), "ghp_");
  EXPECT_EQ(required_prefix("token=\\S+"), "token=");
  EXPECT_EQ(required_prefix("abc*"), "ab");
  EXPECT_EQ(required_prefix("abc{0,2}d"), "ab");
  EXPECT_EQ(required_prefix("abc+"), "abc");
  EXPECT_EQ(required_prefix("ab(c|d)"), "");
  EXPECT_EQ(required_prefix("^key"), "");
  EXPECT_EQ(required_prefix("\\bpin"), "");
  EXPECT_EQ(redacted("x abc abd ab abcc", {"abc*"}), "x *** ***d *** ***");
}

TEST(Redactor, AppliesPatternsAfterTheBuiltIns) {
  EXPECT_EQ(redacted("https://bob:pw@host/repo-secret42", {"secret[0-9]+"}),
            "https://bob:***@host/repo-***");
}

TEST(Redactor, AnchorsAndWordBoundariesMeanTheLine) {
  EXPECT_EQ(redacted("key: abc key: def", {"^key: \\w+"}), "*** key: def");
  EXPECT_EQ(redacted("pin 1234 pin 5678", {"\\d+$"}), "pin 1234 pin ***");
}

TEST(Redactor, EmptyMatchesHideNothing) {
  EXPECT_EQ(redacted("abc xx", {"x*"}), "abc ***");
  EXPECT_EQ(redacted("abc", {""}), "abc");
}

TEST(Redactor, AnInvalidPatternIsAWarningAndTheOthersStillWork) {
  Redactor redactor({"[unclosed", "pw=\\w+"});
  ASSERT_EQ(redactor.warnings().size(), 1u);
  EXPECT_NE(redactor.warnings()[0].find("redact pattern 1 \"[unclosed\""), std::string::npos);
  EXPECT_EQ(redactor.redact("pw=hunter2"), "***");
}

TEST(Redactor, ALongLineIsSearchedInWindowsWithoutOverflowingTheStack) {
  // One unbroken 200 KiB token: libstdc++ would recurse once per character.
  std::string line = "token=" + std::string(200 * 1024, 'a');
  std::string out = redacted(line, {"token=\\S+"});
  EXPECT_TRUE(out.starts_with("***"));
  EXPECT_LT(out.size(), line.size());
}

TEST(Redactor, ALongLineWithBlanksIsCutBetweenWords) {
  std::string line;
  for (int i = 0; i < 2000; ++i) line += "word pw=secret" + std::to_string(i) + " ";
  std::string out = redacted(line, {"pw=secret\\d+"});
  EXPECT_EQ(out.find("secret"), std::string::npos);
  EXPECT_EQ(out.find("word *** word ***"), 0u);
}

TEST(Redactor, AViewOfTheLastLineSurvivesUntilTheNextCall) {
  Redactor redactor({"b+"});
  std::string_view first = redactor.redact("a https://u:p@h b");
  EXPECT_EQ(first, "a https://u:***@h ***");
  EXPECT_EQ(redactor.redact("bb"), "***");
  EXPECT_EQ(redactor.redact("c"), "c");
}

// What a job's long line becomes in the log: its pieces as the splitter cuts
// them (`cut` bytes each), redacted with the carry between them, joined.
std::string redacted_in_pieces(std::string_view line, std::size_t cut,
                               const std::vector<std::string>& patterns = {}) {
  Redactor redactor(patterns);
  std::string carry;
  std::string out;
  while (!line.empty()) {
    std::string_view piece = line.substr(0, cut);
    line.remove_prefix(piece.size());
    out += redactor.redact_piece(piece, line.empty(), carry);
  }
  return out;
}

TEST(Redactor, APrefixlessPatternFindsASecretAcrossTheSearchWindowsEdge) {
  // No blank to cut at: the first window ends in the middle of the number.
  std::string line = std::string(kRegexWindow - 8, 'x') + "4111222233334444" + std::string(50, 'y');
  std::string out = redacted(line, {"[0-9]{16}"});
  EXPECT_EQ(out.find("4444"), std::string::npos) << out.substr(kRegexWindow - 20, 60);
  EXPECT_EQ(out, std::string(kRegexWindow - 8, 'x') + "***" + std::string(50, 'y'));
}

TEST(Redactor, APrefixlessPatternFindsEverySecretOfALongLine) {
  std::string line;
  for (int i = 0; i < 3000; ++i) line += "ab" + std::to_string(1000000 + i) + "z";
  std::string out = redacted(line, {"[0-9]{7}"});
  EXPECT_EQ(out.find_first_of("0123456789"), std::string::npos);
}

TEST(Redactor, ASecretAcrossTheCutOfALongLineIsHidden) {
  std::string head(3 * kRedactionCarry, 'a');
  for (std::string_view secret : {"token=sup3rsecret ", "https://u:sup3rsecret@host ",
                                  "Authorization: Bearer sup3rsecret "}) {
    std::string line = head + " " + std::string(secret) + "tail";
    // Cut at every place of the secret.
    for (std::size_t cut = head.size() + 1; cut < head.size() + secret.size(); ++cut) {
      std::string out = redacted_in_pieces(line, cut, {"token=\\S+"});
      EXPECT_EQ(out.find("secret"), std::string::npos) << secret << " cut at " << cut;
      EXPECT_TRUE(out.starts_with(head)) << secret;
      EXPECT_TRUE(out.ends_with("tail")) << secret;
    }
  }
}

TEST(Redactor, AnUnbrokenLineInPiecesLosesNothingButTheSecret) {
  std::string line;
  for (int i = 0; i < 2000; ++i) line += "plain-text-" + std::to_string(i) + ";";
  line += "token=abcdefgh;";
  std::string out = redacted_in_pieces(line, kRedactionCarry + 100, {"token=[a-z]+"});
  line.replace(line.find("token="), 14, "***");
  EXPECT_EQ(out, line);
}

}  // namespace
}  // namespace drover
