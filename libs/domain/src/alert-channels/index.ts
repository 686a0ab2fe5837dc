export { routeAlerts, type RoutableAlert, type RoutedMessage, type UserAlertRouting } from './route-alerts';
export { buildAlertMessage, caseLink, MESSAGE_MAX_LINES, type AlertMessage, type MessageAlert, type MessageInput } from './alert-message';
export { ALERT_TYPE_WORDS, messageLocale, type MessageLocale } from './alert-words';
export { dingTalkSign, feishuSign, robotReplyError, robotRequest, urlHint, type RobotRequest, type RobotTarget } from './robot-requests';
