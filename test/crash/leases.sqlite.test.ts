import { leaseSuite } from './leases.js';

leaseSuite('sqlite');
