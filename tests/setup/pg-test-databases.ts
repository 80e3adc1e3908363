// The PostgreSQL the tests use, when there is one: PG_TEST_URL names a database of a server where
// the tests may create and drop databases (scripts/test.sh starts a local cluster and sets it).
export const PG_TEMPLATE = "provenant_test_template";

export function pgAdminUrl(): string | undefined {
  const url = process.env.PG_TEST_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}
