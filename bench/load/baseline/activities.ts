// The baseline's one activity: tell the bench's sink that message `seq` of `customer` is answered.
export const createBaselineActivities = (sinkUrl: string) => ({
  async reply(customer: string, seq: number): Promise<void> {
    const res = await fetch(sinkUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer, seq }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`sink answered ${res.status}`);
  },
});
