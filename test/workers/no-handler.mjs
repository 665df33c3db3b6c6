export const handle = (events) => events;
