-- "Take next" picks the first ready callback through the partial index of ready tasks. When the
-- table's statistics were gathered while no task was ready (a night's analyze of a queue that had
-- drained), the planner believes that index empty, reads every ready row through the
-- (state, next_attempt_at) index instead and sorts them: 41 ms and 300 pages a pick at 10,000
-- tasks against 0.1 ms (claim bench). The default threshold re-analyzes after a tenth of the table
-- changes, which the morning's ready tasks of a large table never reach. Analyze after 0.5 % of it
-- (at least 500 rows) changes instead: cheap on this table, and the statistics follow the queue.
ALTER TABLE "callback_tasks" SET (autovacuum_analyze_scale_factor = 0.005, autovacuum_analyze_threshold = 500);
