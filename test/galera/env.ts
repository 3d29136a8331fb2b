/**
 * The harness app of a cluster test (test/support/app.ts startApp) creates its scratch
 * database and runs the migrations on node 3; the instances under test talk to nodes 1
 * and 2 (test/support/galera.ts).
 */
process.env.TEST_DB = 'mysql';
process.env.TEST_DB_HOST = '127.0.0.1';
process.env.TEST_DB_PORT = String(Number(process.env.GALERA_SQL_PORT ?? 3311) + 2);
process.env.TEST_DB_USER = 'root';
process.env.TEST_DB_PASSWORD = '';
