// What the Temporal UI shows of a conversation (SPEC §5): restaurant, dialogue step, and the order
// it is about. Upserted only when a value changes, so the history stays short.
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { OrderStatus } from '../dialogue/types';
import { DialogueStepAttr, OrderReferenceAttr, OrderStatusAttr, RestaurantIdAttr } from './contract';

export class ShownAttributes {
  private step?: string;
  private orderStatus?: string;
  /** The order the UI shows for this conversation, if any. */
  orderReference?: string;

  /** Reads what the run started with (continue-as-new carries it) and sets the restaurant. */
  constructor(restaurantId: string) {
    const attributes = workflowInfo().typedSearchAttributes;
    if (attributes.get(RestaurantIdAttr) !== restaurantId) {
      upsertSearchAttributes([{ key: RestaurantIdAttr, value: restaurantId }]);
    }
    this.step = attributes.get(DialogueStepAttr);
    this.orderReference = attributes.get(OrderReferenceAttr);
    this.orderStatus = attributes.get(OrderStatusAttr);
  }

  showStep(step: string): void {
    if (this.step === step) return;
    this.step = step;
    upsertSearchAttributes([{ key: DialogueStepAttr, value: step }]);
  }

  showOrder(orderReference: string, status: OrderStatus): void {
    if (this.orderReference === orderReference && this.orderStatus === status) return;
    this.orderReference = orderReference;
    this.orderStatus = status;
    upsertSearchAttributes([
      { key: OrderReferenceAttr, value: orderReference },
      { key: OrderStatusAttr, value: status },
    ]);
  }
}
