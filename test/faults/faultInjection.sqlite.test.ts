import { faultInjectionSuite } from './faultInjection.js';

faultInjectionSuite('sqlite');
