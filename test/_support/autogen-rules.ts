// Test set-up: autogenerate's functions, called directly by the autogen tests, compare with the
// SQLite dialect's rules unless a test names others (the API names them itself).
import { useRules } from "../../src/autogen/rules";
import { sqliteDialect } from "../../src/dialect/sqlite";

useRules(sqliteDialect.rules);
