// The ordering dialogue: a pure reducer the conversation workflow calls for every input.
export { initialState, step } from './step';
export { concernsOptOut } from './opt-out';
export { renderText } from './render';
export { formatMoney } from './money';
export { isOpen, nextOpening } from './hours';
export { branchForDelivery, distanceKm } from './geo';
export type * from './types';
