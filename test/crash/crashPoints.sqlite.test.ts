import { crashPointSuite } from './crashPoints.js';

crashPointSuite('sqlite');
