// Workflow entry module: everything exported here is registered with the worker.
export { conversationWorkflow } from './conversation';
export { webhookDeliveryWorkflow } from './webhook-delivery';
export { templateProvisioningWorkflow } from './template-provisioning';
