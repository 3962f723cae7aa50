import { crashPointSuite } from './crashPoints.js';

crashPointSuite('redis');
