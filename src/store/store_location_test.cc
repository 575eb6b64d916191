#include "store/store_location.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(RedactedLocation, HidesThePasswordOfTheUserInfo) {
  EXPECT_EQ(redacted_location("postgresql://drover:s3cr@t:x@db.example:5432/jobs"),
            "postgresql://drover:***@db.example:5432/jobs");
  EXPECT_EQ(redacted_location("postgres://u:p@h/db?sslmode=require"),
            "postgres://u:***@h/db?sslmode=require");
}

TEST(RedactedLocation, HidesPasswordParameters) {
  EXPECT_EQ(redacted_location("postgresql://h/db?user=u&password=secret&sslmode=require"),
            "postgresql://h/db?user=u&password=***&sslmode=require");
  EXPECT_EQ(redacted_location("postgresql:///db?password=secret"), "postgresql:///db?password=***");
  EXPECT_EQ(redacted_location("host=h password=secret dbname=db"), "host=h password=*** dbname=db");
}

TEST(RedactedLocation, LeavesLocationsWithoutPasswordAlone) {
  EXPECT_EQ(redacted_location("postgresql://drover@db.example/jobs"),
            "postgresql://drover@db.example/jobs");
  EXPECT_EQ(redacted_location("postgresql:///postgres?host=/run/pg&port=5432"),
            "postgresql:///postgres?host=/run/pg&port=5432");
  EXPECT_EQ(redacted_location("/var/lib/drover/drover.db"), "/var/lib/drover/drover.db");
  // An '@' in the path is not user info.
  EXPECT_EQ(redacted_location("postgresql://h/db@x:y"), "postgresql://h/db@x:y");
}

TEST(StoreLocation, PostgresByScheme) {
  EXPECT_TRUE(is_postgres_location("postgresql://h/db"));
  EXPECT_TRUE(is_postgres_location("postgres://h/db"));
  EXPECT_FALSE(is_postgres_location("/state/drover.db"));
  EXPECT_FALSE(is_postgres_location("sqlite"));
}

}  // namespace
}  // namespace drover
