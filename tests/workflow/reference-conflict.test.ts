// Order references are drawn inside each workflow, so two conversations can (very rarely) draw the
// same one. Here the collision is made to happen: just before this conversation's createOrder, the
// same reference is taken by another customer's order. The real createOrder then refuses with
// OrderReferenceConflict and the workflow must confirm the order under a fresh reference.
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { ConversationActivities } from '../../src/workflows/contract';
import { createConversationWorker } from '../../src/worker';
import { randomWhatsApp, startStack, TestStack } from '../support/stack';
import { TestCustomer } from './helpers';
import { Conversations } from '../../src/temporal/conversations';

let stack: TestStack;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `test-conflict-${randomUUID()}`;
const otherCustomer = randomWhatsApp();
const stolen: string[] = [];

beforeAll(async () => {
  stack = await startStack({ worker: true });
  const real = createActivities(stack.activityDeps!);
  const colliding: ConversationActivities = {
    ...real,
    async createOrder(args) {
      if (stolen.length === 0) {
        stolen.push(args.order.orderReference);
        await real.createOrder({ restaurantId: args.restaurantId, customerWa: otherCustomer, order: args.order });
      }
      return real.createOrder(args);
    },
  };
  connection = await NativeConnection.connect({ address: stack.config.TEMPORAL_ADDRESS });
  worker = await createConversationWorker(connection, stack.activityDeps!, { taskQueue, activities: colliding });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await stack?.stop();
});

test('an order reference already taken by another conversation is replaced by a fresh one before the customer sees it', async () => {
  const restaurant = await stack.createRestaurant({ locale: 'en' });
  const conversations = new Conversations(stack.temporal.client, taskQueue);
  const customer = new TestCustomer(stack, restaurant, undefined, conversations);

  await customer.startPickup('Olaya Branch');
  await customer.addToCart('Starters', 'Mutabbal', 1);
  const { confirmation, orderReference: reference } = await customer.checkOut('cash');

  expect(stolen).toHaveLength(1);
  expect(reference).not.toBe(stolen[0]);
  const orders = await stack.prisma.order.findMany({ where: { restaurantId: restaurant.tenant.id }, orderBy: { createdAt: 'asc' } });
  expect(orders.map((o) => [o.orderReference, o.customerWa])).toEqual([
    [stolen[0], otherCustomer],
    [reference, customer.customerWa],
  ]);
  expect((await customer.state()).activeOrder).toMatchObject({ orderReference: reference, status: 'CONFIRMED' });
  // One confirmation, no message about the discarded reference.
  expect(customer.received().filter((body) => body.includes('ORD-'))).toEqual([confirmation]);
});
