// One OS process of the two-process balance race (mongo.int-spec.ts): ten guarded takers at once.
const { MongoClient } = require('mongodb');

(async () => {
  const [url, dbName] = process.argv.slice(2);
  const client = await MongoClient.connect(url, { retryWrites: false });
  const balances = client.db(dbName).collection('balances');
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      balances.updateOne({ _id: 'B', remaining: { $gte: 1 } }, { $inc: { remaining: -1 } }),
    ),
  );
  await client.close();
  process.stdout.write(String(results.filter((r) => r.modifiedCount === 1).length));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
