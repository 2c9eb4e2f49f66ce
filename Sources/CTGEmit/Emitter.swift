import CTGModel
import Foundation
