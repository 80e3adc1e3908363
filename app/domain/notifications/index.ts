// Notifications (issue 17, F13, F21): kinds and their parameters, recipients, channels, words and
// dates. Pure; app/services/notifications.server.ts writes them inside the event's transaction.
export * from "./kinds";
export * from "./dates";
export * from "./recipients";
export * from "./messages";
export * from "./condition-reminders";
